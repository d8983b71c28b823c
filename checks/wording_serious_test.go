package checks

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// newsHTML is a county news page of the zhecheng-2018 pattern: 发布日期 line,
// no metadata table; rows add one (成文日期, 文号).
func newsHTML(title, date, body string, rows ...[2]string) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>` + title + `</title></head><body>` +
		`<div class="nav">首页 要闻动态 信息公开</div><h1>` + title + `</h1>`)
	if date != "" {
		b.WriteString(`<div class="info">发布日期： ` + date + ` 15:33:36 来源： 政府办</div>`)
	}
	if len(rows) > 0 {
		b.WriteString(`<table class="xxgk">`)
		for _, r := range rows {
			b.WriteString(`<tr><td>` + r[0] + `：</td><td>` + r[1] + `</td></tr>`)
		}
		b.WriteString(`</table>`)
	}
	b.WriteString(`<div class="content">` + body + `</div><div class="footer">主办单位：示范县人民政府办公室 网站标识码：4114240001</div></body></html>`)
	return b.String()
}

func TestWordingSerious(t *testing.T) {
	tests := []struct {
		name, date, body string
		rows             [][2]string
		want             string // a term the finding names; "" = silent
	}{
		{"county organ after the county reform", "2020-05-06", "县国土资源局组织开展土地执法检查。其他内容。", nil, "国土资源局"},
		{"county organ before the county reform (zhecheng 2018)", "2018-07-20", "县国土资源局组织开展土地执法检查。", nil, ""},
		{"county organ within the grace period", "2019-06-30", "县国土资源局组织开展土地执法检查。", nil, ""},
		{"national organ after the national reform", "2018-12-01", "市卫健委转发国家卫生计生委通知精神，部署工作。", nil, "国家卫生计生委"},
		{"national organ within the grace period", "2018-07-20", "转发国家卫生计生委通知精神，部署工作。", nil, ""},
		{"provincial organ before the provincial change", "2018-11-01", "河南省卫生和计划生育委员会检查组到我县检查。", nil, ""},
		{"provincial organ after the provincial change", "2019-08-01", "河南省卫生和计划生育委员会检查组到我县检查。", nil, "卫生和计划生育委员会"},
		{"a bare name is county level", "2019-08-01", "卫生计生委召开会议。", nil, ""},
		{"a bare name after the county change", "2020-08-01", "县卫生计生委召开会议。", nil, "卫生计生委"},
		{"原 marks history", "2020-05-06", "原国土资源局的办公楼移交使用。", nil, ""},
		{"原 with the place prefix", "2020-05-06", "原柘城县国土资源局的办公楼移交使用。", nil, ""},
		{"现 marks history", "2020-05-06", "由国土资源局（现自然资源局）负责。", nil, ""},
		{"a sentence about the reform", "2020-05-06", "根据机构改革方案，县国土资源局的职责划入县自然资源局。", nil, ""},
		{"a cited document title", "2020-05-06", "根据《国家卫生计生委关于印发管理办法的通知》要求执行。", nil, ""},
		{"a repost with an old 成文日期", "2020-05-06", "县国土资源局组织开展土地执法检查。", [][2]string{{"成文日期", "2017-12-01"}}, ""},
		{"a repost with an old 文号", "2020-05-06", "县国土资源局组织开展土地执法检查。", [][2]string{{"文号", "柘政〔2017〕12号"}}, ""},
		{"a generic department word", "2020-05-06", "各级农业部门和环境保护部门要加强协作，文化部分内容另发。", nil, ""},
		{"an undated page", "", "县国土资源局组织开展土地执法检查。", nil, ""},
		{"a misspelt phrase", "2016-05-06", "坚持实是求是的思想路线。", nil, "实是求是"},
		{"a misspelt organ", "2025-05-06", "经县人民检查院审查起诉。", nil, "人民检查院"},
		{"correct phrases", "2025-05-06", "中华人民共和国 坚持实事求是、与时俱进，全心全意为人民服务，县人民检察院、纪律检查委员会。", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := site.Extract("http://www.x.gov.cn/xwzx/2020/1.html", newsHTML("示范县新闻", tt.date, tt.body, tt.rows...))
			p.Status = 200
			fs := run(t, WordingSerious{}, &site.Site{Start: "http://www.x.gov.cn/", Pages: []*site.Page{p}})
			if tt.want == "" {
				for _, f := range fs {
					t.Errorf("false finding: %s %s", f.Message, f.Evidence)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			f := fs[0]
			if !strings.Contains(f.Message, "“"+tt.want+"”") || !strings.HasPrefix(f.Message, "疑似") || f.Severity != Veto {
				t.Errorf("message %q severity %s", f.Message, f.Severity)
			}
			// The sentence is quoted, never the page.
			if strings.Contains(f.Evidence, "主办单位") || strings.Contains(f.Evidence, "其他内容") || !strings.Contains(f.Evidence, tt.want) {
				t.Errorf("evidence %q", f.Evidence)
			}
		})
	}
}

// A sentence the template prints on every page is reported once.
func TestWordingSeriousTemplateOnce(t *testing.T) {
	var pages []*site.Page
	for _, u := range []string{"a", "b", "c", "d"} {
		p := site.Extract("http://www.x.gov.cn/xw/"+u+".html", newsHTML("新闻"+u, "2021-03-0"+string(rune('1'+len(pages))), "正文"+u+"。坚持实是求是。"))
		p.Status = 200
		pages = append(pages, p)
	}
	fs := run(t, WordingSerious{}, &site.Site{Start: "http://www.x.gov.cn/", Pages: pages})
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "共4个页面") {
		t.Fatalf("findings %+v", fs)
	}
}

// Every dictionary entry is tested against its correct form: a wrong
// form inside the right one, or a new name containing the old, would
// report correct text.
func TestWordingDictionaryNeverMatchesCorrectText(t *testing.T) {
	d := wordingDictionary
	if len(d.data.Misspellings) == 0 || len(d.terms) == 0 {
		t.Fatal("empty dictionary")
	}
	for _, m := range d.data.Misspellings {
		if m.Wrong == m.Right || strings.Contains(m.Right, m.Wrong) {
			t.Errorf("misspelling %q matches its correct form %q", m.Wrong, m.Right)
		}
		txt := "坚持" + m.Right + "。"
		if hs := d.misspelt(txt, d.match.present(txt)); len(hs) > 0 {
			t.Errorf("correct %q reported as %q", m.Right, hs[0].term)
		}
	}
	for _, r := range d.terms {
		if strings.Contains(r.New, r.Old) {
			t.Errorf("new name %q contains the old %q", r.New, r.Old)
		}
		for _, o := range d.terms {
			if strings.Contains(r.New, o.Old) {
				t.Errorf("new name %q contains abolished %q", r.New, o.Old)
			}
		}
		if _, ok := d.dates[r.Level]; !ok && r.Level != "prefix" {
			t.Errorf("%q: unknown level %q", r.Old, r.Level)
		}
	}
	for _, l := range []string{"national", "province", "local"} {
		if d.dates[l].IsZero() {
			t.Errorf("no reform date for %s", l)
		}
	}
	if !d.dates["national"].Before(d.dates["province"]) || !d.dates["province"].Before(d.dates["local"]) {
		t.Error("reform dates must run national < province < local")
	}
}

// No misspelling occurs on the real pages and the real site kept beside the
// repository: correct official text.
func TestWordingMisspellingsRealText(t *testing.T) {
	roots := []string{realpages, "../../shared/realsites"}
	n := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".html") && !strings.HasSuffix(path, ".jsp") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text, _ := site.Decode(data, "")
			n++
			for _, h := range wordingDictionary.misspelt(text, wordingDictionary.match.present(text)) {
				t.Errorf("%s: %q reported in %q", path, h.term, h.sentence)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("real text missing (../shared must sit beside the repository): %v", err)
		}
	}
	if n < 500 {
		t.Errorf("only %d real pages read", n)
	}
}

// A quote starts after the whole delimiter: 。 is three bytes.
func TestSentenceAroundWholeRunes(t *testing.T) {
	text := "会议结束。县国土资源局负责同志陪同调研。"
	i := strings.Index(text, "国土资源局")
	got := sentenceAround(text, i, i+len("国土资源局"))
	if got != "县国土资源局负责同志陪同调研" || !utf8.ValidString(got) {
		t.Errorf("quote = %q", got)
	}
}
