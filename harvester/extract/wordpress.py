"""WordPress article pages: classic themes (_s, Twenty*), block themes, Yoast SEO."""

from __future__ import annotations

from typing import ClassVar

from harvester.extract.base import PageExtractor

PLUGINS_CHROME = (
    ".sharedaddy", ".jp-relatedposts",  # Jetpack
    ".addtoany_share_save_container", ".swp_social_panel", ".essb_links", ".shared-counts-wrap",
    ".sfsi_responsive_icons", ".elementor-widget-share-buttons",  # share buttons
    ".yarpp-related", ".crp_related",  # related posts (YARPP, Contextual Related Posts)
    ".saboxplugin-wrap",  # Simple Author Box
    ".post-views", ".kk-star-ratings",  # view counts, star ratings
    '.code-block[class*="code-block-"]',  # Ad Inserter's blocks
)
"""What popular plugins insert into a post's content: share buttons, related posts, author
boxes, counters, ads. The theme's own chrome is in PageExtractor.CHROME."""


class WordPressExtractor(PageExtractor):
    family: ClassVar[str] = "wordpress"
    SCOPE = ("article.type-post", "article.post", "article.hentry", "main article", "main",
             "body")
    TITLE = ("h1.entry-title", "h1.wp-block-post-title", ".wp-block-post-title", "article h1",
             "h1")
    BYLINE = (".byline", ".posted-by", ".wp-block-post-author-name", ".entry-meta .author")
    AUTHORS = (".byline a[rel~=author]", ".byline .author a", ".wp-block-post-author-name a",
               ".entry-meta a[rel~=author]", *PageExtractor.AUTHORS,
               ".elementor-post-info__item--type-author")
    PUBLISHED = ("time.entry-date.published", "time.published", ".wp-block-post-date time",
                 ".posted-on time", ".entry-meta time[datetime]", "[itemprop=datePublished]",
                 ".post-meta .published", ".posted-on .published",
                 ".elementor-post-info__item--type-date",
                 ".fusion-meta-info-wrapper > span:not([class])")
    """Core themes' <time> elements; then the page builders' and commercial themes' (Divi,
    Astra, OceanWP, Avada, Elementor's post-info widget), which print a date without a
    datetime."""
    UPDATED = ("time.updated", ".wp-block-post-date.updated time")
    SECTION = ("#breadcrumbs", ".yoast-breadcrumbs", ".rank-math-breadcrumb", ".breadcrumbs",
               "nav.breadcrumb")
    CATEGORIES = (".cat-links a", ".wp-block-post-terms.taxonomy-category a",
                  "a[rel~=category]")
    """The theme's category list; else the links WordPress's own category list marks
    rel="category tag", whatever the theme around them."""
    TAGS = ("a[rel~=tag]:not([rel~=category])", ".tags-links a",
            ".wp-block-post-terms.taxonomy-post_tag a")
    MARKUP_TAGS_FIRST = True
    """Categories (rel="category tag") are the section, not tags."""
    BODY = (".entry-content", ".wp-block-post-content", ".post-content", ".article-content",
            ".elementor-widget-theme-post-content", ".fl-post-content")
    """Core and classic themes; Elementor's and Beaver Builder's single-post templates."""
    ATTACHMENTS = (".wp-block-file a[href]:not(.wp-block-file__button)",)
    IMAGES = (".post-thumbnail img", ".wp-block-post-featured-image img")
    CHROME = (*PageExtractor.CHROME, ".wp-block-file__button", ".wp-block-post-comments",
              ".entry-footer", ".post-tags", ".tags-links", *PLUGINS_CHROME)

