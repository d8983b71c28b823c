package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

const ddNav = "首页 要闻动态 信息公开 政务服务 互动交流 当前位置： 首页 > 信息公开 > "

// ddDoc is a document page as a county CMS prints it: the menu, the column
// trail, the title, a 发布日期 line with a time, the text.
func ddDoc(path, column, title, published, body string) *site.Page {
	d, err := time.ParseInLocation("2006-01-02 15:04:05", published, site.Shanghai)
	if err != nil {
		panic(err)
	}
	return &site.Page{URL: fsBase + path, Status: 200, Title: title, Column: column,
		Published: site.Date{Time: d, Source: site.SourceText},
		Text: ddNav + column + " " + title + " 发布日期： " + published + " 来源： 政府办 浏览次数： " + fmt.Sprint(len(path)) + " 字体大小： 大 中 小 " + body +
			" 主办单位：示范县人民政府办公室 网站标识码：3609990001",
		FooterText: "主办单位：示范县人民政府办公室 网站标识码：3609990001"}
}

var (
	ddTitle = "示范县人民政府办公室关于印发示范县建立儿童福利三级服务体系实施方案的通知"
	ddBody  = "示政办〔2018〕32号 各乡（镇）人民政府、街道办事处，县人民政府各部门：《示范县建立儿童福利三级服务体系实施方案》已经县政府同意，现印发给你们，请认真贯彻执行。" +
		strings.Repeat("建立健全各级留守儿童和困境儿童联席会议工作机制。", 6) + " 2018年5月22日"
	ddOther = "示政〔2018〕13号 嘉奖令 今年以来，县税务局认真履行职责，为全县经济发展提供了坚实的财力保障。为此，县政府研究决定，对县税务局予以通令嘉奖。" +
		strings.Repeat("希望全县各单位以此为榜样，开拓进取。", 4) + " 2018年5月28日"
)

func TestDocDuplicate(t *testing.T) {
	const col = "xxgk/zfwj/zzb/"
	tests := []struct {
		name  string
		pages []*site.Page
		want  string // the copy reported, "" for none
		ref   string // the page it repeats
	}{
		{"published twice in one column", []*site.Page{
			ddDoc(col+"2018-07-11/6367.html", "县政府办文件", ddTitle, "2018-06-04 17:40:46", ddBody),
			ddDoc(col+"2018-06-29/169.html", "县政府办文件", ddTitle, "2018-06-04 09:40:14", ddBody),
		}, col + "2018-07-11/6367.html", col + "2018-06-29/169.html"},
		{"the same 文号 and title, text corrected", func() []*site.Page {
			a := ddDoc(col+"2018-06-01/10.html", "县政府办文件", ddTitle, "2018-06-01 09:00:00", ddBody)
			b := ddDoc(col+"2018-06-02/11.html", "县政府办文件", ddTitle, "2018-06-02 09:00:00", strings.Replace(ddBody, "贯彻执行", "贯彻落实，抓好各项工作的督促检查和考核评估", 1)+" 附件：分工表")
			for _, p := range []*site.Page{a, b} {
				p.Metadata = map[string]string{"文号": "示政办〔2018〕32号"}
			}
			return []*site.Page{a, b}
		}(), col + "2018-06-02/11.html", col + "2018-06-01/10.html"},
		// Look-alikes.
		{"a repost in another column", []*site.Page{
			ddDoc("ywdt/zcyw/2018-07-25/10247.html", "柘城要闻", "县长到张桥镇调研脱贫攻坚工作", "2018-07-25 17:47:25", ddBody),
			ddDoc("ywdt/ztzl/tpgj/2018-07-27/10367.html", "脱贫攻坚专题", "县长到张桥镇调研脱贫攻坚工作", "2018-07-25 17:47:25", ddBody),
		}, "", ""},
		{"one title, two different orders", []*site.Page{
			ddDoc(col+"2018-07-12/6823.html", "县政府文件", "示范县人民政府嘉奖令", "2018-06-07 08:43:49", strings.Replace(ddOther, "13号", "12号", 1)+strings.Repeat("对县水利局、县林业局予以通令嘉奖。", 5)),
			ddDoc(col+"2018-07-12/6822.html", "县政府文件", "示范县人民政府嘉奖令", "2018-06-11 08:43:47", ddOther),
		}, "", ""},
		{"a document and its interpretation", []*site.Page{
			ddDoc(col+"2018-06-01/20.html", "县政府办文件", ddTitle, "2018-06-01 09:00:00", ddBody),
			ddDoc(col+"2018-06-02/21.html", "县政府办文件", "《示范县建立儿童福利三级服务体系实施方案》政策解读", "2018-06-02 09:00:00", ddBody),
		}, "", ""},
		{"one page under two addresses", []*site.Page{
			ddDoc("xxgk/gsgg/a/index.html", "公示公告", "示范县2018年端午节放假安排的通知", "2018-06-11 15:33:36", ddBody),
			ddDoc("xxgk/gsgg/a/", "公示公告", "示范县2018年端午节放假安排的通知", "2018-06-11 15:33:36", ddBody),
		}, "", ""},
		{"pages that are only a title and a player", []*site.Page{
			ddDoc("hdjl/hfjs/2018-07-09/976.html", "党风政风热线", "2018年6月7日 党风政风热线 在线收听", "2018-06-07 08:56:08", "分享 微信好友 QQ空间 返回顶部 打印 关闭"),
			ddDoc("hdjl/hfjs/2018-06-26/7.html", "党风政风热线", "2018年6月7日 党风政风热线 在线收听", "2018-06-26 18:08:55", "分享 微信好友 QQ空间 返回顶部 打印 关闭"),
		}, "", ""},
		{"one consultation split by topic", []*site.Page{
			ddDoc("hdjl/yjzj/942.html", "意见征集", "2017年十件民生实事项目建议征集--劳动就业", "2017-03-09 00:00:00", ddBody),
			ddDoc("hdjl/yjzj/943.html", "意见征集", "2017年十件民生实事项目建议征集--社会保障", "2017-03-09 00:00:00", ddBody),
		}, "", ""},
		{"two pages of one list", func() []*site.Page {
			a := ddDoc("xxgk/gsgg/index.html", "公示公告", "公示公告_示范县人民政府", "2018-06-11 15:33:36", ddBody)
			b := ddDoc("xxgk/gsgg/index_2.html", "公示公告", "公示公告_示范县人民政府", "2018-06-11 15:33:36", ddBody)
			for _, p := range []*site.Page{a, b} {
				for i := range 5 {
					p.Items = append(p.Items, site.ListItem{Title: fmt.Sprint("公告", i), URL: fmt.Sprintf("%sxxgk/gsgg/%d.html", fsBase, i)})
				}
			}
			return []*site.Page{a, b}
		}(), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, DocDuplicate{}, fsSite(tt.pages...), "2018-07-27", nil)
			if tt.want == "" {
				if len(fs) > 0 {
					t.Fatalf("unexpected finding %+v", fs[0])
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(fs), fs)
			}
			f := fs[0]
			if f.URL != fsBase+tt.want || len(f.Referrers) != 1 || f.Referrers[0] != fsBase+tt.ref ||
				!strings.Contains(f.Evidence, fsBase+tt.ref) || f.Severity != Advice {
				t.Errorf("finding = %+v, want %s naming %s", f, tt.want, tt.ref)
			}
		})
	}
}
