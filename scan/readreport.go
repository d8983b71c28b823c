package scan

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/gongkai/gongkai/report"
)

// ReadReport reads a JSON report written by scan --json (or check --json)
// for --baseline and diff; what names the file in messages ("--baseline
// FILE", "FILE"). Anything else — another tool's JSON, another gongkai
// output such as rules --json, a report of a newer schema — is a
// a usage error (ErrUsage): compared with a scan it would make every finding "new".
func ReadReport(what, path string) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, Usagef("%s：文件不存在，请检查路径", what)
		}
		return nil, Usagef("%s：文件无法读取（可能是目录或没有读取权限），请检查路径", what)
	}
	// The keys every report has, whatever it found: a JSON object
	// without them is not a report even if it decodes into one.
	var keys map[string]json.RawMessage
	var r report.Report
	notReport := Usagef("%s 不是gongkai的JSON报告，请给出 scan --json 写出的文件", what)
	if json.Unmarshal(data, &keys) != nil || json.Unmarshal(data, &r) != nil || r.Tool != "gongkai" {
		return nil, notReport
	}
	// (Reports written before the schema field existed have no "schema".)
	for _, k := range []string{"site", "as_of", "findings"} {
		if _, ok := keys[k]; !ok {
			return nil, notReport
		}
	}
	if r.Schema < 0 || SiteHost(r.Site) == "" {
		return nil, notReport
	}
	if r.Schema > report.SchemaVersion {
		return nil, Usagef("%s 是第%d版报告格式，比本版本gongkai能读取的（第%d版）新，请升级gongkai", what, r.Schema, report.SchemaVersion)
	}
	return &r, nil
}

// SameSite refuses to compare reports of two different sites: every
// finding of one would be "new" and every one of the other "resolved".
func SameSite(oldWhat string, old *report.Report, newWhat, newSite string) error {
	a, b := strings.ToLower(SiteHost(old.Site)), strings.ToLower(SiteHost(normalizeStart(newSite)))
	if a != b {
		return Usagef("%s 是 %s 的报告，%s 是 %s 的：只能比较同一网站的两次扫描，请给出同一网站以前的报告", oldWhat, a, newWhat, b)
	}
	return nil
}

// PathProblem says in Chinese why a file could not be opened or created,
// instead of the system's English ("open x: no such file or directory").
func PathProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或所在目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有访问权限"
	case errors.Is(err, syscall.EISDIR):
		return "这是一个目录，不是文件"
	case errors.Is(err, syscall.ENOSPC):
		return "磁盘空间已满"
	}
	return "无法读写"
}
