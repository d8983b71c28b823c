package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// FirstYear and LastYear bound the generated files. 2008 is the first year
// under the current 放假办法 (清明/端午/中秋 became holidays); 2026 is the
// last year lunar-go v1.4.6 carries.
const (
	FirstYear = 2008
	LastYear  = 2026
)

type notice struct {
	Title  string `json:"title"`
	Number string `json:"number"`
}

type day struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	IsOffDay bool   `json:"isOffDay"`
}

type yearFile struct {
	Year    int      `json:"year"`
	Papers  []string `json:"papers"`
	Notices []notice `json:"notices"`
	Days    []day    `json:"days"`
}

func yearly(y int, number string) notice {
	return notice{Title: fmt.Sprintf("国务院办公厅关于%d年部分节假日安排的通知", y), Number: number}
}

// notices: the documents that set each year. Every number was checked against
// at least one reproduction of the notice text (gov.cn, 维基文库, local
// government re-publications). 2008's number could not be confirmed and is
// left empty on purpose: an audit report must not cite an invented number.
var notices = map[int][]notice{
	2008: {yearly(2008, "")},
	2009: {yearly(2009, "国办发明电〔2008〕42号")},
	2010: {yearly(2010, "国办发明电〔2009〕27号")},
	2011: {yearly(2011, "国办发明电〔2010〕40号")},
	2012: {yearly(2012, "国办发明电〔2011〕45号")},
	2013: {yearly(2013, "国办发明电〔2012〕33号")},
	2014: {yearly(2014, "国办发明电〔2013〕28号")},
	2015: {
		yearly(2015, "国办发明电〔2014〕28号"),
		{Title: "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知", Number: "国发明电〔2015〕1号"},
	},
	2016: {yearly(2016, "国办发明电〔2015〕18号")},
	2017: {yearly(2017, "国办发明电〔2016〕17号")},
	2018: {yearly(2018, "国办发明电〔2017〕12号")},
	2019: {
		yearly(2019, "国办发明电〔2018〕15号"),
		{Title: "国务院办公厅关于调整2019年劳动节假期安排的通知", Number: "国办发明电〔2019〕3号"},
	},
	2020: {
		yearly(2020, "国办发明电〔2019〕16号"),
		{Title: "国务院办公厅关于延长2020年春节假期的通知", Number: "国办发明电〔2020〕1号"},
	},
	2021: {yearly(2021, "国办发明电〔2020〕27号")},
	2022: {yearly(2022, "国办发明电〔2021〕11号")},
	2023: {yearly(2023, "国办发明电〔2022〕16号")},
	2024: {yearly(2024, "国办发明电〔2023〕7号")},
	2025: {yearly(2025, "国办发明电〔2024〕12号")},
	2026: {yearly(2026, "国办发明电〔2025〕7号")},
}

// papers: gov.cn addresses of the notices, as NateScarlet/holiday-cn lists
// them. Years whose address could not be confirmed have none.
var papers = map[int][]string{
	2008: {"http://www.gov.cn/zhengce/content/2008-03/28/content_1645.htm"},
	2009: {"http://www.gov.cn/zhengce/content/2008-12/10/content_1572.htm"},
	2010: {"http://www.gov.cn/zhengce/content/2009-12/08/content_1476.htm"},
	2011: {"http://www.gov.cn/zhengce/content/2010-12/10/content_1423.htm"},
	2012: {"http://www.gov.cn/zhengce/content/2011-12/06/content_1411.htm"},
	2013: {"http://www.gov.cn/zhengce/content/2012-12/10/content_1353.htm"},
	2014: {"http://www.gov.cn/zhengce/content/2014-01/02/content_1194.htm"},
	2015: {
		"http://www.gov.cn/zhengce/content/2014-12/16/content_9302.htm",
		"http://www.gov.cn/zhengce/content/2015-05/13/content_9742.htm",
	},
	2016: {"http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm"},
	2017: {"http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm"},
	2018: {"http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm"},
	2019: {
		"http://www.gov.cn/zhengce/content/2018-12/06/content_5346276.htm",
		"http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm",
	},
	2020: {
		"http://www.gov.cn/zhengce/zhengceku/2019-11/21/content_5454164.htm",
		"http://www.gov.cn/zhengce/zhengceku/2020-01/27/content_5472352.htm",
	},
	2025: {"https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm"},
	2026: {"https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"},
}

// names maps lunar-go's holiday names onto the wording of the notices.
var names = map[string]string{
	"元旦节":   "元旦",
	"国庆中秋":  "国庆节、中秋节",
	"抗战胜利日": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

// corrections are days where lunar-go v1.4.6 disagrees with the notice
// text. Both 2013 make-up days are in 国办发明电〔2012〕33号 (「4月7日（星期日）
// 上班」, 「9月29日（星期日）、10月12日（星期六）上班」) and in holiday-cn's
// 2013.json; lunar-go lacks them. The cross-check test in package calendar
// lists exactly these dates as known lunar-go errors.
var corrections = []struct {
	target int // the notice year (file) the day belongs to
	d      day
}{
	{2013, day{Name: "清明节", Date: "2013-04-07", IsOffDay: false}},
	{2013, day{Name: "国庆节", Date: "2013-10-12", IsOffDay: false}},
}

// Generate returns the JSON file contents keyed by file name (YYYY.json).
// Days are grouped by the notice year that set them (lunar-go's target),
// as holiday-cn does: 2018-12-29 (元旦 2019 上班) sits in 2019.json.
func Generate() (map[string][]byte, error) {
	byYear := map[int][]day{}
	for y := FirstYear - 1; y <= LastYear; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			date, err := time.Parse("2006-01-02", h.GetDay())
			if err != nil {
				return nil, fmt.Errorf("lunar-go day %q: %v", h.GetDay(), err)
			}
			target, err := time.Parse("2006-01-02", h.GetTarget())
			if err != nil {
				return nil, fmt.Errorf("lunar-go target %q: %v", h.GetTarget(), err)
			}
			ty := target.Year()
			if ty < FirstYear || ty > LastYear {
				continue
			}
			wd := date.Weekday()
			// A 上班 mark on a Monday–Friday changes nothing and is in no
			// notice (lunar-go has 2012-05-02 and 2012-10-08); drop it so
			// the data reads like the notice.
			if h.IsWork() && wd != time.Saturday && wd != time.Sunday {
				continue
			}
			name := h.GetName()
			if n, ok := names[name]; ok {
				name = n
			}
			byYear[ty] = append(byYear[ty], day{Name: name, Date: h.GetDay(), IsOffDay: !h.IsWork()})
		}
	}
	for _, c := range corrections {
		for _, d := range byYear[c.target] {
			if d.Date == c.d.Date {
				return nil, fmt.Errorf("correction %s already present in lunar-go: drop it", c.d.Date)
			}
		}
		byYear[c.target] = append(byYear[c.target], c.d)
	}

	files := map[string][]byte{}
	for y := FirstYear; y <= LastYear; y++ {
		days := byYear[y]
		if len(days) == 0 {
			return nil, fmt.Errorf("lunar-go has no days for %d", y)
		}
		ns, ok := notices[y]
		if !ok {
			return nil, fmt.Errorf("no notice for %d", y)
		}
		sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
		p := papers[y]
		if p == nil {
			p = []string{}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(yearFile{Year: y, Papers: p, Notices: ns, Days: days}); err != nil {
			return nil, err
		}
		files[fmt.Sprintf("%d.json", y)] = buf.Bytes()
	}
	return files, nil
}
