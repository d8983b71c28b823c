package crawl

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// ParseResolve reads --resolve values in curl's HOST:PORT:ADDRESS form: a
// request to HOST on PORT connects to ADDRESS instead of the address DNS
// gives (a staging server or a copy of the site standing in for the
// production host). ADDRESS is an IP address, IPv6 in brackets, optionally
// with its own :PORT (curl keeps PORT; a copy served on another port needs
// one). The result maps "host:port" to the "ip:port" to dial.
func ParseResolve(values []string) (map[string]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(values))
	for _, v := range values {
		dial, key, ok := parseResolveOne(v)
		if !ok {
			return nil, fmt.Errorf("--resolve %q is not HOST:PORT:ADDRESS; give e.g. --resolve www.example.gov.cn:443:127.0.0.1 (ADDRESS an IP address, optionally followed by :PORT)", v)
		}
		m[key] = dial
	}
	return m, nil
}

func parseResolveOne(v string) (dial, key string, ok bool) {
	host, rest, found := strings.Cut(strings.TrimSpace(v), ":")
	if !found || host == "" || strings.ContainsAny(host, "/[]@ ") ||
		strings.Contains(strings.TrimPrefix(host, "*."), "*") || host == "*." {
		return "", "", false
	}
	port, addr, found := strings.Cut(rest, ":")
	if !found || !validPort(port) || addr == "" {
		return "", "", false
	}
	addrPort := port
	switch {
	case strings.HasPrefix(addr, "["): // [::1] or [::1]:8080
		end := strings.IndexByte(addr, ']')
		if end < 0 {
			return "", "", false
		}
		if tail := addr[end+1:]; tail != "" {
			if !strings.HasPrefix(tail, ":") || !validPort(tail[1:]) {
				return "", "", false
			}
			addrPort = tail[1:]
		}
		addr = addr[1:end]
	case strings.Count(addr, ":") == 1: // 127.0.0.1:8080
		a, p, _ := strings.Cut(addr, ":")
		if !validPort(p) {
			return "", "", false
		}
		addr, addrPort = a, p
	}
	if net.ParseIP(addr) == nil {
		return "", "", false
	}
	return net.JoinHostPort(addr, addrPort), net.JoinHostPort(strings.ToLower(host), port), true
}

// lookupResolve finds where --resolve sends host:port: its own entry, else
// a wildcard *.DOMAIN:PORT entry for any name under DOMAIN (a fleet of test
// sites, each under its own name, on one loopback server).
func lookupResolve(m map[string]string, hostPort string) (string, bool) {
	hostPort = strings.ToLower(hostPort)
	if to, ok := m[hostPort]; ok {
		return to, true
	}
	host, port, err := net.SplitHostPort(hostPort)
	if err != nil {
		return "", false
	}
	for i := strings.IndexByte(host, '.'); i >= 0; {
		if to, ok := m["*"+host[i:]+":"+port]; ok {
			return to, true
		}
		j := strings.IndexByte(host[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return "", false
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536 && p[0] != '+'
}

// CompileFilters compiles --exclude and --include patterns.
func CompileFilters(flag string, patterns []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%s %q is not a regular expression (Go RE2 syntax); escape special characters, e.g. --exclude '\\.pdf$'", flag, p)
		}
		out = append(out, re)
	}
	return out, nil
}

// filtered says why a URL met on a page is neither crawled nor checked, or
// "". As in lychee: a URL matching an --include pattern is always checked
// (includes win over excludes); --include alone checks only the URLs it
// matches; an --exclude match skips a URL; with --no-external, so does any
// off-site URL.
func (cr *crawler) filtered(u string, onSite bool) string {
	for _, re := range cr.opts.Include {
		if re.MatchString(u) {
			return ""
		}
	}
	if len(cr.opts.Include) > 0 && len(cr.opts.Exclude) == 0 {
		return "不符合 --include，未检查"
	}
	for _, re := range cr.opts.Exclude {
		if re.MatchString(u) {
			return "符合 --exclude，未检查"
		}
	}
	if cr.opts.NoExternal && !onSite {
		return "站外链接（--no-external），未检查"
	}
	return ""
}

// minOfflineHosts is how many distinct off-site hosts must all have failed
// unreachable before the crawl calls the network, not the links, at fault:
// a site linking to a handful of dead domains is possible, dozens of hosts
// all unresolvable while the site itself answers is a machine offline.
const minOfflineHosts = 5

// markOffline turns the failures of off-site targets into "not checked"
// (site.NotCheckedOffline) when no off-site host could be reached at all —
// every one tried failed DNS or had no route, and at least minOfflineHosts
// were tried — so that a scan without network reports one advice, not
// hundreds of broken links. A single off-site host that answered (even with
// an error status) shows the network works: then nothing changes.
// Callers hold cr.mu.
func (cr *crawler) markOffline() {
	hosts := map[string]bool{}
	var failed []*target
	for _, t := range cr.targets {
		if !t.scheduled || t.res.NotChecked != "" || t.res.Crawled {
			continue
		}
		if t.res.Status == 0 && t.res.ErrClass == "" {
			continue // never checked (stopped early)
		}
		// The host that was dialled: the last hop of a redirect chain.
		last := t.res.URL
		if n := len(t.res.Redirects); n > 0 {
			last = t.res.Redirects[n-1]
		}
		pu, err := url.Parse(last)
		if err != nil || cr.onSite(pu) {
			continue
		}
		if !t.offline && t.res.ErrClass != site.ErrDNS {
			return // an off-site host answered, or failed in a way that needs a network
		}
		hosts[strings.ToLower(pu.Hostname())] = true
		failed = append(failed, t)
	}
	if len(hosts) < minOfflineHosts {
		return
	}
	for _, t := range failed {
		t.res.NotChecked = site.NotCheckedOffline
	}
}
