package site

import "unique"

// intern returns the canonical copy of s. Navigation, footer and sidebar
// links repeat on every page of a site; sharing one copy of each URL and
// anchor text keeps a 100,000-page crawl's page records far smaller.
func intern(s string) string {
	if s == "" || len(s) > 512 {
		return s
	}
	return unique.Make(s).Value()
}
