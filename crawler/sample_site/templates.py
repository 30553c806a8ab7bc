"""Page templates of the sample site, after the real Daily NK theme (tagDiv Newspaper).

Two article templates as on the real site: the 2019 `td-post-*` one and the newer tagDiv
cloud `tdb-*` one; migrated legacy posts (`<div>` paragraphs) use the first. Everything an
article page carries on the real site is here: Yoast meta with the true UTC time, the
theme's `<time>` with Korean time mislabelled +00:00, the top bar with its "Korean" site
switch, breadcrumbs, figures with credits, the donation banner, credit lines, related posts,
sidebar and footer, so the parser meets the same noise it will meet in production.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from typing import Any

from crawler.sample_site.model import KST, Page

SITE_STYLE = """
.td-header-top-menu{background:#222;color:#fff}.td-post-content p{margin-bottom:26px}
.td-a-rec{text-align:center}.td_block_related_posts{clear:both}.tdb-block-inner{font-size:15px}
"""
CATEGORY_SLUGS = {
    "News": "news",
    "Economy": "news/economy",
    "Analysis & Opinion": "opinion",
    "Guest Columns": "opinion/guest-columns",
    "Human Rights": "news/human-rights",
    "경제": "economy",
    "사회": "society",
    "정치": "politics",
    "국제": "international",
    "북한인권": "human-rights",
}


def e(text: Any) -> str:
    return escape(str(text), quote=True)


def utc_iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def kst_mislabelled(dt: datetime) -> str:
    """What the theme prints: Korean local time with a +00:00 label."""
    return (dt + KST).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def display_date(dt: datetime, lang: str) -> str:
    local = dt + KST
    if lang == "ko":
        return local.strftime("%Y.%m.%d %H:%M")
    return local.strftime("%Y.%m.%d %-I:%M%p").lower().replace(".", ".", 2)


class Site:
    """Renders every page for one base URL (absolute links, as WordPress writes them)."""

    def __init__(self, base: str, pages: list[Page]) -> None:
        self.base = base.rstrip("/")
        self.pages = pages
        self.by_lang = {
            lang: sorted(
                (p for p in pages if p.lang == lang), key=lambda p: p.published, reverse=True
            )
            for lang in ("en", "ko")
        }

    def url(self, path: str) -> str:
        return self.base + path

    def root(self, lang: str) -> str:
        return "/english/" if lang == "en" else "/"

    def cat_url(self, lang: str, section: str) -> str:
        slug = CATEGORY_SLUGS.get(section, "news")
        return self.url(f"{self.root(lang)}category/{slug}/")

    # --- chrome ---------------------------------------------------------------------------
    def head(self, lang: str, title: str, extra: str = "") -> str:
        html_lang = "en-US" if lang == "en" else "ko-KR"
        return f"""<!doctype html >
<!--[if IE 8]>    <html class="ie8" lang="en"> <![endif]-->
<!--[if gt IE 8]><!--> <html lang="{html_lang}"> <!--<![endif]-->
<head>
    <title>{e(title)}</title>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="pingback" href="{self.url(self.root(lang))}xmlrpc.php" />
    <link rel="alternate" type="application/rss+xml" title="Daily NK &raquo; Feed" href="{self.url(self.root(lang))}feed/" />
{extra}
    <style id="td-theme-settings-css">{SITE_STYLE}</style>
    <script type="text/javascript">var tdBlocksArray = []; var td_ajax_url="{self.url(self.root(lang))}wp-admin/admin-ajax.php?td_theme_name=Newspaper&v=9.8";</script>
</head>"""

    def top_bar(self, lang: str) -> str:
        menu_en = [
            ("News", "category/news/"),
            ("Economy", "category/news/economy/"),
            ("Analysis & Opinion", "category/opinion/"),
            ("Market Trends", "north-korea-market-trends-rice/"),
        ]
        menu_ko = [
            ("정치", "category/politics/"),
            ("경제", "category/economy/"),
            ("사회", "category/society/"),
            ("전체기사", "all/"),
        ]
        items = menu_en if lang == "en" else menu_ko
        nav = "".join(
            f'<li class="menu-item"><a href="{self.url(self.root(lang) + href)}">{e(label)}</a></li>'
            for label, href in items
        )
        return f"""
<div id="td-outer-wrap" class="td-theme-wrap">
 <div class="td-header-wrap td-header-style-1">
  <div class="td-header-top-menu-full td-container-wrap">
   <div class="td-container td-header-row td-header-top-menu">
    <div class="top-bar-style-1">
     <div class="td-header-sp-top-menu">
      <div class="td_data_time"><div>Sunday, November 29, 2026</div></div>
      <div class="td-weather-top-widget" id="td_top_weather_uid"><i class="td-icons clear-sky-n"></i>
       <div class="td-weather-now"><span class="td-big-degrees">-3</span><span class="td-weather-unit">C</span></div>
       <div class="td-weather-header"><div class="td-weather-city">Pyongyang</div></div></div>
      <div class="menu-top-container"><ul id="menu-top-menu" class="top-header-menu">
       <li class="menu-item"><a href="{self.url("/")}">Korean</a></li>
       <li class="menu-item"><a href="{self.url("/english/")}">English</a></li>
       <li class="menu-item"><a href="https://www.dailynk.com/japanese/">日本語</a></li>
      </ul></div>
     </div>
    </div>
   </div>
  </div>
  <div class="td-header-menu-wrap-full td-container-wrap"><div class="td-header-menu-wrap">
   <div id="td-header-menu" role="navigation"><ul id="menu-main" class="sf-menu">
    <li class="menu-item"><a href="{self.url(self.root(lang))}">{"Home" if lang == "en" else "홈"}</a></li>{nav}
   </ul></div>
   <div class="header-search-wrap"><form method="get" class="td-search-form" action="{self.url(self.root(lang))}"><input name="s" type="text" value=""/></form></div>
  </div></div>
 </div>"""

    def sidebar(self, lang: str, current: Page | None) -> str:
        recent = [p for p in self.by_lang[lang] if p is not current and p.listed][:5]
        title = "Recent Articles" if lang == "en" else "최신기사"
        items = "".join(
            f'<li><a href="{self.url(p.path)}">{e(p.rec["title"])}</a></li>' for p in recent
        )
        return f"""
 <div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar">
  <aside class="widget widget_recent_entries"><div class="block-title"><span>{title}</span></div><ul>{items}</ul></aside>
  <aside class="td_block_template_1 widget widget_text"><div class="textwidget">
   <p><a href="https://www.dailynk.com/english/donate/"><img src="{self.url("/english/wp-content/uploads/2018/06/side_banner.jpg")}" alt="Support Daily NK"/></a></p></div></aside>
 </div></div>"""

    def footer(self, lang: str) -> str:
        about = (
            "Daily NK is a leading web-based news organization reporting on North Korea."
            if lang == "en"
            else "데일리NK는 북한 내부 소식을 전하는 인터넷 신문입니다."
        )
        return f"""
 <div class="td-footer-wrapper td-container-wrap"><div class="td-container"><div class="td-pb-row">
  <div class="td-pb-span12"><div class="footer-text-wrap">{e(about)}<div class="footer-email-wrap">Contact us: <a href="mailto:dailynkenglish@uni-media.net">dailynkenglish@uni-media.net</a></div></div></div>
 </div></div></div>
 <div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row">
  <div class="td-pb-span td-sub-footer-menu"><ul class="td-subfooter-menu"><li><a href="{self.url(self.root(lang))}about-us/">About us</a></li><li><a href="{self.url(self.root(lang))}privacy-policy/">Privacy Policy</a></li></ul></div>
  <div class="td-pb-span td-sub-footer-copy">&copy; Daily NK 2026</div>
 </div></div></div>
</div><!--close td-outer-wrap-->
<script type="text/javascript" src="{self.url("/english/wp-content/themes/Newspaper/js/tagdiv_theme.min.js")}"></script>
<script>jQuery().ready(function(){{tdAjaxCount.tdGetViewsCountsAjax("post",'[1]');}});</script>
</body>
</html>
"""

    # --- article pieces -------------------------------------------------------------------
    def meta(self, page: Page) -> str:
        rec, url = page.rec, self.url(page.path)
        title = f"{rec['title']} - Daily NK"
        paras = [b for b in rec["body"] if isinstance(b, str)]
        excerpt = (paras[0][:160] + "…") if paras else ""
        locale = "en_US" if page.lang == "en" else "ko_KR"
        tags = "".join(f'\n<meta property="article:tag" content="{e(t)}" />' for t in rec["tags"])
        # One tdb page in three omits the OpenGraph time, leaving JSON-LD (as newer Yoast can).
        og_time = (
            ""
            if page.template == "tdb" and page.post_id % 3 == 0
            else (
                f'\n<meta property="article:published_time" content="{utc_iso(page.published)}" />'
            )
        )
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "WebSite",
                    "@id": self.url(self.root(page.lang)) + "#website",
                    "url": self.url(self.root(page.lang)),
                    "name": "Daily NK",
                },
                {
                    "@type": "Article",
                    "@id": url + "#article",
                    "headline": rec["title"],
                    "datePublished": utc_iso(page.published),
                    "dateModified": utc_iso(page.modified),
                    "author": {"@type": "Person", "name": ", ".join(rec["authors"])},
                    "articleSection": rec["section"],
                    "inLanguage": locale.replace("_", "-"),
                    "mainEntityOfPage": {"@id": url + "#webpage"},
                },
            ],
        }
        shortlink = self.url(f"{self.root(page.lang)}?p={page.post_id}")
        return f"""<!-- This site is optimized with the Yoast SEO plugin v12.6.2 - https://yoast.com/wordpress/plugins/seo/ -->
<meta name="robots" content="max-snippet:-1, max-image-preview:large, max-video-preview:-1"/>
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="{locale}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{e(title)}" />
<meta property="og:description" content="{e(excerpt)}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="Daily NK" />
<meta property="article:section" content="{e(rec["section"])}" />{tags}{og_time}
<meta property="article:modified_time" content="{utc_iso(page.modified)}" />
<meta property="og:image" content="{self.url("/wp-content/uploads/2024/01/dailynk-default.jpg")}" />
<meta name="twitter:card" content="summary_large_image" />
<script type='application/ld+json' class='yoast-schema-graph yoast-schema-graph--main'>{json.dumps(ld, ensure_ascii=False)}</script>
<!-- / Yoast SEO plugin. -->
<link rel='shortlink' href='{shortlink}' />"""

    def figure(self, fig: dict[str, str], n: int, page: Page, featured: bool = False) -> str:
        src = self.url(
            f"{self.root(page.lang)}wp-content/uploads/{page.published:%Y/%m}/"
            f"img_{page.post_id}_{n}.jpg"
        )
        caption = f"{e(fig['caption'])} / Image: {e(fig['credit'])}"
        if featured:
            return (
                f'<div class="td-post-featured-image"><figure><a href="{src}" '
                f'data-caption="{caption}"><img width="696" height="463" '
                f'class="entry-thumb td-modal-image" src="{src}" alt="" /></a>'
                f'<figcaption class="wp-caption-text">{caption}</figcaption></figure></div>'
            )
        return (
            f'<figure id="attachment_{page.post_id + n}" style="width: 696px" '
            f'class="wp-caption alignnone"><img class="size-large" '
            f'src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" '
            f'data-lazy-src="{src}" alt="" width="696" height="464" />'
            f'<noscript><img class="size-large" src="{src}" alt="" width="696" height="464" /></noscript>'
            f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
        )

    def table(self, table: dict[str, Any]) -> str:
        """A price table as the site's editors make one: the block editor's
        `<figure class="wp-block-table">` with a head row, or the classic editor's bare
        `<table>` with its title in a `<caption>` (`"classic": true`)."""
        rows = [
            "<tr>" + "".join(f"<{tag}>{e(cell)}</{tag}>" for cell in row) + "</tr>"
            for n, row in enumerate(table["rows"])
            for tag in ("th" if n == 0 and not table.get("classic") else "td",)
        ]
        if table.get("classic"):
            caption = f"<caption>{e(table['caption'])}</caption>" if table.get("caption") else ""
            return (
                f'<table border="1" cellspacing="0" cellpadding="0">{caption}'
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
        note = f"<figcaption>{e(table['caption'])}</figcaption>" if table.get("caption") else ""
        return (
            f'<figure class="wp-block-table"><table><thead>{rows[0]}</thead>'
            f"<tbody>{''.join(rows[1:])}</tbody></table>{note}</figure>"
        )

    def body_html(self, page: Page, content_only: bool = False) -> str:
        """The body container's inside; `content_only`: the post's content as WordPress
        stores it (and its REST API answers), without the theme's featured image and script."""
        rec, out, figs = page.rec, [], 0
        blocks = list(rec["body"])
        if blocks and isinstance(blocks[0], dict) and "figure" in blocks[0]:
            figs += 1
            featured = blocks.pop(0)["figure"]
            if not content_only:
                out.append(self.figure(featured, figs, page, featured=True))
        legacy = page.template == "legacy"
        for i, block in enumerate(blocks):
            if isinstance(block, dict) and "figure" in block:
                figs += 1
                out.append(self.figure(block["figure"], figs, page))
            elif isinstance(block, dict) and "table" in block:
                out.append(self.table(block["table"]))
            elif isinstance(block, dict) and "crosshead" in block:
                out.append(f"<p><strong>{e(block['crosshead'])}</strong></p>")
            elif legacy:
                out.append(f"<div>{e(block)}&nbsp;</div>\n<div></div>")
            elif page.template == "td":
                out.append(f'<p><span style="font-weight: 400;">{e(block)}</span></p>')
            else:
                out.append(f"<p>{e(block)}</p>")
            if i == 2 and page.lang == "ko":
                out.append(self.related_inline(page))
        if page.lang == "en":
            out.extend(self.english_tail(page))
        else:
            out.append("<p>&lt;저작권자 ⓒ 데일리NK, 무단전재 및 재배포 금지&gt;</p>")
        banner = (
            f'<div class="td-a-rec td-a-rec-id-content_bottom td_block_template_1">'
            f'<div class="td-all-devices"><a href="https://www.dailynk.com/english/donate/" '
            f'target="_blank"><img src="{self.url("/english/wp-content/uploads/2018/06/middle_banner.jpg")}"/>'
            f"</a></div></div>"
        )
        out.append(banner)
        if not content_only:
            out.append(
                '<script type="text/javascript">var td_screen_width = window.innerWidth;</script>'
            )
        return "\n".join(out)

    def related_inline(self, page: Page) -> str:
        others = [p for p in self.by_lang["ko"] if p is not page][:1]
        if not others:
            return ""
        o = others[0]
        return (
            f'<div class="td-a-rec td-a-rec-id-content_inline"><p>관련기사: '
            f'<a href="{self.url(o.path)}">{e(o.rec["title"])}</a></p></div>'
        )

    def english_tail(self, page: Page) -> list[str]:
        rec, out = page.rec, []
        if rec.get("translator"):
            credit = f"*Translated by {rec['translator']}"
            if rec.get("editor"):
                credit += f" and edited by {rec['editor']}"
            out.append(f"<p><em>{e(credit)}</em></p>")
        elif rec.get("editor"):
            out.append(f"<p><em>*Edited by {e(rec['editor'])}</em></p>")
        if rec["section"] == "Guest Columns":
            out.append(
                "<p><em>*Views expressed in Guest Columns do not necessarily reflect "
                "those of Daily NK.</em></p>"
            )
        out.append(
            "<p><i>Please direct any comments or questions about this article to "
            '<a href="mailto:dailynkenglish@uni-media.net">dailynkenglish@uni-media.net'
            "</a>.</i></p>"
        )
        if page.pair_path:
            href = self.url(page.pair_path)
            if page.post_id % 2:  # tracking parameters and fragments, as shared links carry
                href += "?utm_source=english&utm_medium=link#content"
            out.append(
                f'<p><a href="{href}" target="_blank" rel="noopener">'
                f"<strong>Read in Korean</strong></a></p>"
            )
        return out

    def related_posts(self, page: Page) -> str:
        others = [p for p in self.by_lang[page.lang] if p is not page and p.listed][:3]
        title = "RELATED ARTICLES" if page.lang == "en" else "관련 기사"
        mods = "".join(
            f'<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack">'
            f'<div class="td-module-image"><div class="td-module-thumb"><a href="{self.url(p.path)}" '
            f'rel="bookmark" title="{e(p.rec["title"])}"><img class="entry-thumb" src="" alt=""/></a></div></div>'
            f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{self.url(p.path)}" '
            f'rel="bookmark">{e(p.rec["title"])}</a></h3></div></div></div>'
            for p in others
        )
        return (
            f'<div class="td_block_wrap td_block_related_posts td_uid_3_rand td_with_ajax_pagination">'
            f'<h4 class="td-related-title td-block-title"><a class="td-related-left td-cur-simple-item" '
            f'href="#">{title}</a></h4><div class="td_block_inner"><div class="td-related-row">{mods}'
            f"</div></div></div>"
        )

    def sharing(self, page: Page) -> str:
        url = self.url(page.path)
        return (
            f'<div class="td-post-sharing-top"><div class="td-post-sharing td-ps-bg td-ps-notext">'
            f'<a class="td-social-sharing-button td-social-facebook" href="https://www.facebook.com/sharer.php?u={url}">'
            f'<div class="td-social-but-text">Facebook</div></a>'
            f'<a class="td-social-sharing-button td-social-twitter" href="https://twitter.com/intent/tweet?url={url}">'
            f'<div class="td-social-but-text">Twitter</div></a></div></div>'
        )

    def tags_html(self, page: Page, css: str) -> str:
        label = "TAGS" if page.lang == "en" else "태그"
        items = "".join(
            f'<li><a href="{self.url(self.root(page.lang))}tag/{e(t.replace(" ", "-"))}/">{e(t)}</a></li>'
            for t in page.rec["tags"]
        )
        return f'<ul class="{css}"><li><span>{label}</span></li>{items}</ul>'

    def authors_html(self, page: Page) -> str:
        return " and ".join(
            f'<a href="{self.url(self.root(page.lang))}author/{e(a.lower().replace(" ", "-"))}/">{e(a)}</a>'
            for a in page.rec["authors"]
        )

    def crumbs(self, page: Page) -> str:
        home = "Home" if page.lang == "en" else "홈"
        return (
            f'<div class="entry-crumbs"><span><a class="entry-crumb" href="{self.url(self.root(page.lang))}">'
            f'{home}</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a class="entry-crumb" '
            f'href="{self.cat_url(page.lang, page.rec["section"])}">{e(page.rec["section"])}</a></span> '
            f'<i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> '
            f'<span class="td-bred-no-url-last">{e(page.rec["title"])}</span></div>'
        )

    def article_classes(self, page: Page) -> str:
        cat = CATEGORY_SLUGS.get(page.rec["section"], "news").split("/")[-1]
        tags = " ".join("tag-" + t.replace(" ", "-") for t in page.rec["tags"])
        return (
            f"post-{page.post_id} post type-post status-publish format-standard "
            f"has-post-thumbnail hentry category-{cat} {tags}"
        )

    # --- article templates ----------------------------------------------------------------
    def article(self, page: Page) -> str:
        render = self.article_tdb if page.template == "tdb" else self.article_td
        return render(page)

    def article_td(self, page: Page) -> str:
        rec = page.rec
        sub = (
            f'\n                <p class="td-post-sub-title">{e(rec["subtitle"])}</p>'
            if rec.get("subtitle")
            else ""
        )
        by = "By" if page.lang == "en" else "기자"
        return f"""{self.head(page.lang, rec["title"] + " - Daily NK", self.meta(page))}
<body class="post-template-default single single-post postid-{page.post_id} single-format-standard td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
{self.top_bar(page.lang)}
 <div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">
  <div class="td-crumb-container">{self.crumbs(page)}</div>
  <div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{page.post_id}" class="{self.article_classes(page)}" itemscope itemtype="https://schema.org/Article">
        <div class="td-post-header">
            <ul class="td-category"><li class="entry-category"><a  href="{self.cat_url(page.lang, rec["section"])}">{e(rec["section"])}</a></li></ul>
            <header class="td-post-title">
                <h1 class="entry-title">{e(rec["title"])}</h1>{sub}
                <div class="td-module-meta-info">
                    <div class="td-post-author-name"><div class="td-author-by">{by}</div> {self.authors_html(page)}<div class="td-author-line"> - </div> </div>                    <span class="td-post-date td-post-date-no-dot"><time class="entry-date updated td-module-date" datetime="{kst_mislabelled(page.published)}" >{display_date(page.published, page.lang)}</time></span>
                </div>
            </header>
        </div>
        {self.sharing(page)}
        <div class="td-post-content">
        {self.body_html(page)}
        </div>
        <footer>
            <div class="td-post-source-tags">
                {self.tags_html(page, "td-tags td-post-small-box clearfix")}
            </div>
            <div class="td-post-sharing-bottom">{self.sharing(page)}</div>
            <div class="td-author-name vcard author" style="display: none"><span class="fn"><a href="#">{e(rec["authors"][0])}</a></span></div>
            <span class="td-page-meta" itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="{e(rec["authors"][0])}"></span>
            <meta itemprop="datePublished" content="{kst_mislabelled(page.published)}">
        </footer>
</article>
{self.related_posts(page)}
  </div></div>
{self.sidebar(page.lang, page)}
  </div>
 </div></div>
{self.footer(page.lang)}"""

    def article_tdb(self, page: Page) -> str:
        rec = page.rec
        sub = (
            f'<div class="td_block_wrap tdb_single_subtitle"><div class="tdb-block-inner td-fix-index">'
            f"<p>{e(rec['subtitle'])}</p></div></div>"
            if rec.get("subtitle")
            else ""
        )
        cats = (
            f'<div class="td_block_wrap tdb_single_categories"><div class="tdb-category td-fix-index">'
            f'<a class="tdb-entry-category" href="{self.cat_url(page.lang, rec["section"])}">'
            f'<span class="tdb-cat-bg"></span>{e(rec["section"])}</a></div></div>'
        )
        return f"""{self.head(page.lang, rec["title"] + " - Daily NK", self.meta(page))}
<body class="post-template-default single single-post postid-{page.post_id} tdb-template td-standard-pack global-block-template-1" itemscope="itemscope" itemtype="https://schema.org/WebPage">
{self.top_bar(page.lang)}
 <div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">
<article id="post-{page.post_id}" class="{self.article_classes(page)}" itemscope itemtype="https://schema.org/Article">
  <div id="tdi_55" class="tdc-row"><div class="vc_row td_uid_1 wpb_row td-pb-row">
   <div class="vc_column td_uid_2 wpb_column vc_column_container tdc-column td-pb-span12"><div class="wpb_wrapper">
    <div class="td_block_wrap tdb_breadcrumbs">{self.crumbs(page)}</div>
    {cats}
    <div class="td_block_wrap tdb_title tdi_60 tdb-single-title"><div class="tdb-block-inner td-fix-index"><h1 class="tdb-title-text">{e(rec["title"])}</h1><div></div><div class="tdb-title-line"></div></div></div>
    {sub}
    <div class="td_block_wrap tdb_single_author"><div class="tdb-block-inner td-fix-index"><div class="tdb-author-by">By</div><span class="tdb-author-name">{self.authors_html(page)}</span></div></div>
    <div class="td_block_wrap tdb_single_date"><div class="tdb-block-inner td-fix-index"><time class="entry-date updated td-module-date" datetime="{kst_mislabelled(page.published)}" >{display_date(page.published, page.lang)}</time></div></div>
   </div></div>
  </div></div>
  <div id="tdi_70" class="tdc-row"><div class="vc_row td_uid_3 wpb_row td-pb-row">
   <div class="vc_column td_uid_4 wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
    <div class="td_block_wrap tdb_single_post_share">{self.sharing(page)}</div>
    <div class="td_block_wrap tdb_single_content tdi_75 td-pb-border-top td_block_template_1 td-post-content tagdiv-type"><div class="tdb-block-inner td-fix-index">
    {self.body_html(page)}
    </div></div>
    <div class="td_block_wrap tdb_single_tags"><div class="tdb-block-inner td-fix-index">{self.tags_html(page, "tdb-tags")}</div></div>
    {self.related_posts(page)}
   </div></div>
{self.sidebar(page.lang, page)}
  </div></div>
</article>
 </div></div>
{self.footer(page.lang)}"""


class SiteIndexPages(Site):
    """Listings, feeds, robots.txt, the sitemap, home pages, the price page and 404s."""

    PER_PAGE = 8
    FEED_ITEMS = 5

    def listed(self, lang: str) -> list[Page]:
        return [p for p in self.by_lang[lang] if p.listed]

    def listing(self, lang: str, page_no: int) -> str | None:
        items = self.listed(lang)
        pages = max(1, -(-len(items) // self.PER_PAGE))
        if page_no < 1 or page_no > pages:
            return None
        base_path = "/english/category/news/" if lang == "en" else "/all/"
        chunk = items[(page_no - 1) * self.PER_PAGE : page_no * self.PER_PAGE]
        mods = []
        for p in chunk:
            paras = [b for b in p.rec["body"] if isinstance(b, str)]
            excerpt = (paras[0][:140] + "…") if paras else ""
            mods.append(f"""
      <div class="td_module_10 td_module_wrap td-animation-stack">
       <div class="td-module-thumb"><a href="{self.url(p.path)}" rel="bookmark" class="td-image-wrap" title="{e(p.rec["title"])}"><img width="218" height="150" class="entry-thumb" src="" alt=""/></a></div>
       <div class="item-details">
        <h3 class="entry-title td-module-title"><a href="{self.url(p.path)}" rel="bookmark" title="{e(p.rec["title"])}">{e(p.rec["title"])}</a></h3>
        <div class="td-module-meta-info"><span class="td-post-author-name"><a href="#">{e(p.rec["authors"][0])}</a> <span>-</span> </span><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{kst_mislabelled(p.published)}" >{display_date(p.published, lang)}</time></span></div>
        <div class="td-excerpt">{e(excerpt)}</div>
       </div>
      </div>""")

        def page_url(n: int) -> str:
            return self.url(base_path if n == 1 else f"{base_path}page/{n}/")

        nav = [f'<span class="current">{page_no}</span>']
        rel = ""
        if page_no > 1:
            nav.insert(
                0,
                f'<a href="{page_url(page_no - 1)}" aria-label="prev-page"><i class="td-icon-menu-left"></i></a>',
            )
            rel += f'\n<link rel="prev" href="{page_url(page_no - 1)}" />'
        if page_no < pages:
            nav.append(
                f'<a href="{page_url(page_no + 1)}" class="page" title="{page_no + 1}">{page_no + 1}</a>'
            )
            nav.append(
                f'<a href="{page_url(page_no + 1)}" aria-label="next-page"><i class="td-icon-menu-right"></i></a>'
            )
            rel += f'\n<link rel="next" href="{page_url(page_no + 1)}" />'
        nav.append(f'<span class="pages">Page {page_no} of {pages}</span>')
        title = "News" if lang == "en" else "전체기사"
        head_extra = f'<link rel="canonical" href="{page_url(page_no)}" />{rel}\n<meta property="og:type" content="website" />'
        return f"""{self.head(lang, f"{title} - Daily NK", head_extra)}
<body class="archive category td-standard-pack">
{self.top_bar(lang)}
 <div class="td-main-content-wrap td-container-wrap"><div class="td-container">
  <div class="td-crumb-container"><div class="entry-crumbs"><span><a class="entry-crumb" href="{self.url(self.root(lang))}">Home</a></span></div></div>
  <div class="td-pb-row"><div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">
   <div class="td-category-header"><h1 class="entry-title td-page-title">{title}</h1></div>
   {"".join(mods)}
   <div class="page-nav td-pb-padding-side">{"".join(nav)}</div>
  </div></div>
{self.sidebar(lang, None)}
  </div>
 </div></div>
{self.footer(lang)}"""

    def feed(self, lang: str) -> str:
        items = []
        for p in self.listed(lang)[: self.FEED_ITEMS]:
            paras = [b for b in p.rec["body"] if isinstance(b, str)]
            excerpt = (paras[0][:200] + " [&#8230;]") if paras else ""
            cats = "".join(f"<category><![CDATA[{t}]]></category>" for t in p.rec["tags"])
            items.append(f"""
	<item>
		<title>{e(p.rec["title"])}</title>
		<link>{self.url(p.path)}</link>
		<dc:creator><![CDATA[{p.rec["authors"][0]}]]></dc:creator>
		<pubDate>{format_datetime(p.published.replace(tzinfo=None) + timedelta(0), usegmt=False)} +0000</pubDate>
		<category><![CDATA[{p.rec["section"]}]]></category>{cats}
		<guid isPermaLink="false">{self.url(self.root(lang))}?p={p.post_id}</guid>
		<description><![CDATA[{excerpt}]]></description>
	</item>""")
        title = "Daily NK English" if lang == "en" else "데일리NK"
        link = self.url(self.root(lang))
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
<channel>
	<title>{title}</title>
	<atom:link href="{link}feed/" rel="self" type="application/rss+xml" />
	<link>{link}</link>
	<description>Daily NK</description>
	<lastBuildDate>Sun, 29 Nov 2026 03:00:00 +0000</lastBuildDate>
	<language>{"en-US" if lang == "en" else "ko-KR"}</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=5.3.2</generator>{"".join(items)}
</channel>
</rss>
"""

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /wp-admin/\nDisallow: /english/wp-admin/\n"
            "Allow: /wp-admin/admin-ajax.php\nDisallow: /*?s=\n\n"
            f"Sitemap: {self.url('/sitemap-misc.xml')}\n"
        )

    def sitemap(self) -> str:
        locs = ["/", "/english/", "/english/north-korea-market-trends-rice/"]
        urls = "".join(
            f"<url><loc>{self.url(p)}</loc><changefreq>daily</changefreq></url>" for p in locs
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + urls + "</urlset>\n"
        )

    def home(self, lang: str) -> str:
        latest = self.listed(lang)[:6]
        links = "".join(
            f'<div class="td_module_flex"><h3 class="entry-title td-module-title"><a href="{self.url(p.path)}">{e(p.rec["title"])}</a></h3></div>'
            for p in latest
        )
        return f"""{self.head(lang, "Daily NK", '<meta property="og:type" content="website" />')}
<body class="home page-template td-standard-pack">
{self.top_bar(lang)}
 <div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row">
  <div class="td-pb-span8 td-main-content">{links}</div>
{self.sidebar(lang, None)}
 </div></div></div>
{self.footer(lang)}"""

    def price_page(self) -> str:
        """A WordPress *page* (not a post) whose chart is built from a script array."""
        data = [["2026-01", 5900], ["2026-02", 6100], ["2026-03", 6350], ["2026-04", 6200]]
        return f"""{self.head("en", "North Korea Market Trends: Rice - Daily NK", '<meta property="og:type" content="article" /><link rel="canonical" href="' + self.url("/english/north-korea-market-trends-rice/") + '" />')}
<body class="page-template-default page page-id-1777 td-standard-pack">
{self.top_bar("en")}
 <div class="td-main-content-wrap td-container-wrap"><div class="td-container">
<article id="post-1777" class="post-1777 page type-page status-publish hentry" itemscope itemtype="https://schema.org/CreativeWork">
  <div class="td-page-header"><h1 class="entry-title td-page-title"><span>North Korea Market Trends: Rice</span></h1></div>
  <div class="td-page-content tagdiv-type">
   <p>Rice prices in North Korean won per kilogram at markets in Pyongyang, Sinuiju and Hyesan, collected by Daily NK sources.</p>
   <div id="price-chart" style="height:400px"></div>
   <script type="text/javascript">var chartData = {json.dumps(data)}; drawPriceChart("price-chart", chartData);</script>
  </div>
</article>
 </div></div>
{self.footer("en")}"""

    def not_found(self, lang: str) -> str:
        return f"""{self.head(lang, "Page not found - Daily NK")}
<body class="error404 td-standard-pack">
{self.top_bar(lang)}
 <div class="td-main-content-wrap td-container-wrap"><div class="td-container">
  <div class="td-404-title">Ooops... Error 404</div><div class="td-404-sub-title">Sorry, but the page you are looking for doesn't exist.</div>
 </div></div>
{self.footer(lang)}"""
