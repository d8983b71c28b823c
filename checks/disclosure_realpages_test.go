package checks

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// The real pages' metadata tables are read with their printed labels, and
// their columns are classified as the rules need them.
func TestDisclosureRealPagesExtraction(t *testing.T) {
	tests := []struct {
		rel      string
		class    ColumnClass
		metadata map[string]string // canonical label → value ("" = must be absent)
		labels   map[string]string // canonical → printed
	}{
		{"handan_jsp_wrapped/hd_xxgk_detail__856b817_details.jsp", ColPolicy,
			map[string]string{"索引号": "000014348/2020-35147", "发布机构": "邯郸市教育局", "文号": "无", "发布日期": "2020年08月02日", "成文日期": ""}, nil},
		{"handan_jsp_wrapped/hd_xxgk_gkzn__856b817_gkzn.jsp", ColGuide, nil, nil},
		{"handan_jsp_wrapped/hd_xxgk_list__856b817_list.jsp", ColPolicy, nil, nil},
		{"yichun_wanzai/yichun_2022_tjgb_saved.html", ColStatistics,
			map[string]string{"索引号": "014717475N/2023-0040295", "发布机构": "宜春市统计局", "成文日期": "2023-04-18"},
			map[string]string{"成文日期": "发文日期"}},
		{"yichun_wanzai/wanzai_2022_tjgb_saved.html", ColStatistics,
			map[string]string{"索引号": "014742224A/2023-0043406", "发布机构": "万载县统计局", "成文日期": "2023-05-11"},
			map[string]string{"成文日期": "生成日期"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.rel), func(t *testing.T) {
			p := loadReal(t, tt.rel, realPageURLs[tt.rel])
			if got := classOf(&Context{}, p); got != tt.class {
				t.Errorf("class = %q, want %q (column %q, crumbs %v, type %q)", got, tt.class, p.Column, p.Breadcrumb, p.Meta["columntype"])
			}
			for k, v := range tt.metadata {
				if got := p.Metadata[k]; got != v {
					t.Errorf("metadata %s = %q, want %q", k, got, v)
				}
			}
			for k, v := range tt.labels {
				if got := p.MetadataLabels[k]; got != v {
					t.Errorf("printed label of %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// Each real page alone, as a complete one-page site: the 邯郸 article lacks
// its 成文日期 (the row is commented out in the source), which is the only
// finding; the 统计公报 pages are not policy documents; the 邯郸 guide column
// lists the departments' guides and holds no guide text to judge.
func TestDisclosureRealPages(t *testing.T) {
	want := map[string][]string{
		"handan_jsp_wrapped/hd_xxgk_detail__856b817_details.jsp": {"doc-metadata-incomplete 成文日期"},
	}
	rules := rulesFromTo("gk-guide-missing", "interp-unlinked")
	for rel, u := range realPageURLs {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			p := loadReal(t, rel, u)
			// A one-page site proves no absence of guides or reports.
			s := &site.Site{Start: u, Pages: []*site.Page{p}, Complete: false}
			fs, errs := Run(ctxAt("2025-11-24"), s, rules)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+" "+f.Message)
			}
			w := want[rel]
			if len(got) != len(w) {
				t.Fatalf("findings = %v, want %v", got, w)
			}
			for i := range w {
				parts := strings.SplitN(w[i], " ", 2)
				if !strings.HasPrefix(got[i], parts[0]+" ") || !strings.Contains(got[i], parts[1]) {
					t.Errorf("finding %q, want %q", got[i], w[i])
				}
			}
			if rel == "handan_jsp_wrapped/hd_xxgk_detail__856b817_details.jsp" &&
				(strings.Contains(fs[0].Message, "文号") || strings.Contains(fs[0].Message, "有效性")) {
				t.Errorf("文号 “无” or 有效性 reported for a document that has neither: %s", fs[0].Message)
			}
		})
	}
	// The guide column as part of a complete site: a guide exists.
	p := loadReal(t, "handan_jsp_wrapped/hd_xxgk_gkzn__856b817_gkzn.jsp", realPageURLs["handan_jsp_wrapped/hd_xxgk_gkzn__856b817_gkzn.jsp"])
	s := &site.Site{Start: "http://hdzfxxgk.hd.gov.cn/", Pages: []*site.Page{p}, Complete: true}
	if fs, _ := Run(ctxAt("2025-11-24"), s, []Rule{GuideMissing{}, GuideIncomplete{}}); len(fs) != 0 {
		t.Errorf("guide findings on the 邯郸 guide column: %+v", fs)
	}
}
