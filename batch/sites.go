package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/scan"
)

// Site is one row of SITES.csv.
type Site struct {
	Line    int    // line of the CSV file, for messages
	Name    string // 名称
	URL     string // the start URL, with a scheme
	Unit    string // 单位
	Profile string // site profile (YAML), resolved against the CSV's directory
	Key     string // history.SiteKey of URL
}

// headerNames maps the accepted header cells to the fields.
var headerNames = map[string]string{
	"名称": "name", "网站名称": "name", "网站": "name", "name": "name",
	"url": "url", "网址": "url", "地址": "url", "首页": "url", "网站地址": "url",
	"单位": "unit", "主办单位": "unit", "单位名称": "unit", "unit": "unit",
	"配置": "profile", "配置文件": "profile", "profile": "profile",
}

// ReadSites reads and checks SITES.csv before anything is fetched: a header
// naming 名称, URL and 单位 (and optionally 配置, a profile path); one site
// per line. UTF-8 (with or without BOM) and GB18030 (Excel's CSV on a
// Chinese Windows) are both read. Any bad line is a scan.ErrUsage naming
// the file and the line.
func ReadSites(path string) ([]Site, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, scan.Usagef("%s: %v", path, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
			return nil, scan.Usagef("%s is neither UTF-8 nor GB18030 text; save it as CSV (UTF-8)", path)
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	head, err := r.Read()
	if err == io.EOF {
		return nil, scan.Usagef("%s is empty; it needs a header line 名称,URL,单位 and one site per line", path)
	}
	if err != nil {
		return nil, scan.Usagef("%s: %v", path, err)
	}
	cols := map[string]int{}
	for i, h := range head {
		if f, ok := headerNames[strings.ToLower(strings.TrimSpace(h))]; ok {
			if _, dup := cols[f]; !dup {
				cols[f] = i
			}
		}
	}
	for _, f := range []string{"name", "url", "unit"} {
		if _, ok := cols[f]; !ok {
			return nil, scan.Usagef("%s line 1 must be the header 名称,URL,单位 (optionally ,配置); found %q", path, strings.Join(head, ","))
		}
	}
	dir := filepath.Dir(path)
	var out []Site
	byKey, byName := map[string]int{}, map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, scan.Usagef("%s line %d: %v (a quote \" opened and not closed?)", path, pe.StartLine, pe.Err)
			}
			return nil, scan.Usagef("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		get := func(f string) string {
			if i, ok := cols[f]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		s := Site{Line: line, Name: get("name"), URL: get("url"), Unit: get("unit"), Profile: get("profile")}
		if s.Name == "" && s.URL == "" && s.Unit == "" && s.Profile == "" {
			continue // an empty line of commas
		}
		if s.Name == "" {
			return nil, scan.Usagef("%s line %d: the 名称 is empty; every site needs a name for the ranking", path, line)
		}
		u, ok := startURL(s.URL)
		if !ok {
			return nil, scan.Usagef("%s line %d (%s): URL %q is not a web address; write it like https://www.example.gov.cn/", path, line, s.Name, s.URL)
		}
		s.URL = u
		s.Key = history.SiteKey(u)
		if prev, dup := byKey[s.Key]; dup {
			return nil, scan.Usagef("%s line %d (%s): %s is already listed on line %d; list each site once", path, line, s.Name, s.Key, prev)
		}
		if prev, dup := byName[s.Name]; dup {
			return nil, scan.Usagef("%s line %d: the name %q is already used on line %d; give each site its own name", path, line, s.Name, prev)
		}
		byKey[s.Key], byName[s.Name] = line, line
		if s.Profile != "" {
			if !filepath.IsAbs(s.Profile) {
				s.Profile = filepath.Join(dir, s.Profile)
			}
			if _, err := config.Load(s.Profile); err != nil {
				return nil, scan.Usagef("%s line %d (%s): profile %v", path, line, s.Name, err)
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, scan.Usagef("%s lists no sites; add one per line under the header 名称,URL,单位", path)
	}
	return out, nil
}

// startURL checks a site's address and adds the scheme a user may leave out.
func startURL(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" || strings.ContainsAny(s, " \t") {
		return "", false
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", false
	}
	h := u.Hostname()
	if !strings.Contains(h, ".") && h != "localhost" {
		return "", false // "htp//x" parses as a host "htp"; a site's host has a dot
	}
	if strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") && strings.Count(h, ".") == 1 {
		return "", false
	}
	return u.String(), true
}
