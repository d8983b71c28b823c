package site

// Text helpers that the crawler's script-list loaders (crawl/listloaders.go)
// share with extraction, so a list read from a 大汉 or gkmlpt response is
// cleaned exactly as one read from the page.

// IsArticleURL reports whether u looks like an article (not a column).
func IsArticleURL(u string) bool { return isArticleURL(u) }

// DecodeEntities decodes HTML entities as extraction does.
func DecodeEntities(s string) string { return decodeEntities(s) }

// IsInt reports whether s is a whole number.
func IsInt(s string) bool { return isInt(s) }

// CollapseSpace trims s and folds runs of white space into one space.
func CollapseSpace(s string) string { return collapseSpace(s) }

// JSUnescape undoes a JavaScript string literal's escapes.
func JSUnescape(s string) string { return jsUnescape(s) }

// PlausibleYear reports whether y can be a page's year (what FindDate
// accepts).
func PlausibleYear(y int) bool { return y >= minYear && y <= maxYear }
