package checks

import (
	"regexp"
	"strings"
)

// Issuing bodies and their administrative levels.

// Administrative levels, highest first.
const (
	levelNational = 3
	levelProvince = 2
	levelLocal    = 1 // 市, 县, 区, 乡镇 and their departments
	levelUnknown  = 0
)

var (
	nationalBody = regexp.MustCompile(`^(?:国务院|中共中央|全国人大|全国人民代表大会|全国政协|国家|中华人民共和国|最高人民|(?:外交|国防|教育|科学技术|工业和信息化|公安|民政|司法|财政|人力资源和社会保障|自然资源|生态环境|住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理)部|审计署|海关总署|国家)`)
	provinceBody = regexp.MustCompile(`^(?:中共)?\p{Han}{1,4}(?:省|自治区)`)
	localMarker  = regexp.MustCompile(`\p{Han}(?:市|县|区|旗|州|盟|镇|乡|街道)`)
)

// notPlace are words whose 市/区 is not a place (市场监督管理局).
var notPlace = strings.NewReplacer("市场", "", "区域", "", "城市", "", "都市", "")

// levelOf guesses the administrative level of a body's name. A local branch
// of a national body (国家税务总局示范县税务局) is local.
func levelOf(body string) int {
	b := strings.TrimSpace(body)
	local := localMarker.MatchString(notPlace.Replace(b))
	switch {
	case b == "":
		return levelUnknown
	case nationalBody.MatchString(b):
		if local {
			return levelLocal
		}
		return levelNational
	case provinceBody.MatchString(b):
		rest := provinceBody.ReplaceAllString(b, "")
		if localMarker.MatchString("省" + notPlace.Replace(rest)) {
			return levelLocal
		}
		return levelProvince
	case local:
		return levelLocal
	}
	return levelUnknown
}

// higherThanSite reports whether body is clearly above the site's own level
// (a 国务院 or 省 document reposted on a county site).
func higherThanSite(body string, siteLevel int) bool {
	l := levelOf(body)
	if siteLevel == levelUnknown {
		siteLevel = levelLocal
	}
	return l > siteLevel
}

// issuerOf is the issuing body a title names before 关于.
func issuerOf(title string) string {
	if i := strings.Index(title, "关于"); i > 0 {
		return strings.TrimSpace(title[:i])
	}
	return ""
}
