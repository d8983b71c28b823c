package attach

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// PDF limits: a page tree or form nesting that loops, content streams that
// inflate without end, and files that take too long.
const (
	pdfMaxPages   = 5000
	pdfMaxNodes   = 20000
	pdfMaxContent = 32 << 20 // decoded content bytes per page
	pdfMaxForms   = 1000     // form XObjects drawn per page
	pdfMaxDepth   = 8        // nested form XObjects
	pdfTimeBudget = 30 * time.Second
)

// pdfText reads the text layer of a PDF. ledongthuc/pdf parses the file
// (objects, streams, decryption with the empty user password that
// "copy-protected" government PDFs use); the content streams are walked
// here, because the library's own layout joins neighbouring table cells
// ("110101199003071234" and "500" became one 21-digit number) and measures
// 2-byte CID glyphs wrongly. Glyph positions decide spaces and line breaks.
func pdfText(data []byte) (*textBuilder, error) {
	ex, err := pdfExtract(data)
	if err != nil || ex.pages == 0 || ex.failed > 0 {
		// A damaged cross-reference table (common after careless
		// uploads or edits) makes the reader miss objects; rebuild it
		// from the "N 0 obj" markers and try again.
		if fixed := repairXref(data); fixed != nil {
			ex2, err2 := pdfExtract(fixed)
			if err2 == nil && (err != nil || ex2.pages > ex.pages) {
				ex, err = ex2, nil
			}
		}
	}
	if err != nil {
		msg := strings.ToLower(err.Error())
		switch {
		case errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(msg, "password"):
			return nil, unread(err, "文件已加密（设置了打开密码）")
		case strings.Contains(msg, "encrypt"):
			// Files only "protected" against copying open without a
			// password; this reader decrypts RC4 and AES-128 but not the
			// AES-256 that newer Acrobat versions use.
			return nil, unread(err, "文件已加密（加密方式暂不支持读取，可能是AES-256）")
		}
		return nil, unread(err, "不是有效的PDF文件（文件已损坏或下载不完整）")
	}
	switch {
	case ex.pages == 0 && ex.failed > 0:
		return nil, unread(ex.firstErr, "PDF文件已损坏，无法读取页面内容")
	case ex.pages == 0:
		return nil, unread(nil, "不是有效的PDF文件（没有页面）")
	case ex.glyphs > 0 && ex.decoded == 0:
		// Glyphs are drawn but their fonts carry no map back to
		// characters: copying text from such a file gives garbage too.
		return nil, unread(nil, "无法提取文字（PDF字体缺少字符编码映射，需人工查看）")
	case ex.glyphs == 0:
		return nil, unread(nil, "扫描件或无法提取文字（PDF中没有文字层）")
	}
	switch {
	case ex.glyphs-ex.decoded > 20 && (ex.glyphs-ex.decoded)*20 > ex.glyphs:
		// Some fonts have no map: what decodes (often the digits of ID
		// numbers) is still worth checking, but the rest is missing.
		ex.out.note = fmt.Sprintf("PDF中部分文字无法提取（%d个字符的字体缺少编码映射），需人工查看", ex.glyphs-ex.decoded)
	case ex.failed > 0:
		ex.out.note = fmt.Sprintf("PDF中有%d页已损坏，只读取了其余%d页", ex.failed, ex.pages)
	case ex.cut:
		ex.out.note = fmt.Sprintf("PDF页数过多或读取超时，只读取了前%d页", ex.pages)
	}
	return ex.out, nil
}

// pdfExtract opens a PDF and reads every page it can.
func pdfExtract(data []byte) (ex *pdfExtractor, err error) {
	defer func() {
		if r := recover(); r != nil {
			ex, err = nil, fmt.Errorf("pdf: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	ex = &pdfExtractor{out: newText(), fonts: map[string]*pdfFont{}, start: time.Now()}
	ex.walkPages(r.Trailer().Key("Root").Key("Pages"), pdf.Value{}, 0)
	return ex, nil
}

var (
	reObj     = regexp.MustCompile(`(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b`)
	reRoot    = regexp.MustCompile(`/Root\s+(\d{1,7})\s+(\d{1,5})\s+R`)
	reEncrypt = regexp.MustCompile(`/Encrypt\s+\d{1,7}\s+\d{1,5}\s+R`)
	reID      = regexp.MustCompile(`/ID\s*\[[^\]]{0,300}\]`)
	reCatalog = regexp.MustCompile(`/Type\s*/Catalog\b`)
)

// repairXref appends a cross-reference table rebuilt by scanning for
// object markers (later definitions win, as with incremental updates) and a
// trailer naming the catalog; nil when nothing usable is found. Objects
// packed in object streams cannot be found this way.
func repairXref(data []byte) []byte {
	type ref struct{ off, gen int }
	objs := map[int]ref{}
	maxNum := 0
	for _, m := range reObj.FindAllSubmatchIndex(data, 1<<20) {
		num, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(data[m[4]:m[5]]))
		objs[num] = ref{off: m[2], gen: gen}
		maxNum = max(maxNum, num)
	}
	if len(objs) == 0 || maxNum > 1<<22 {
		return nil
	}
	root := ""
	if ms := reRoot.FindAllSubmatch(data, -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		root = string(m[1]) + " " + string(m[2]) + " R"
	} else {
		for num, r := range objs {
			end := min(r.off+400, len(data))
			if reCatalog.Match(data[r.off:end]) {
				root = strconv.Itoa(num) + " " + strconv.Itoa(r.gen) + " R"
				break
			}
		}
	}
	if root == "" {
		return nil
	}
	var b bytes.Buffer
	b.Grow(len(data) + 20*(maxNum+1) + 200)
	b.Write(data)
	b.WriteString("\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", maxNum+1)
	for i := 0; i <= maxNum; i++ {
		if r, ok := objs[i]; ok && i > 0 {
			fmt.Fprintf(&b, "%010d %05d n \n", r.off, r.gen)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s", maxNum+1, root)
	if m := reEncrypt.FindAll(data, -1); len(m) > 0 {
		b.WriteString(" " + string(m[len(m)-1]))
	}
	if m := reID.FindAll(data, -1); len(m) > 0 {
		b.WriteString(" " + string(m[len(m)-1]))
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

type pdfExtractor struct {
	out      *textBuilder
	fonts    map[string]*pdfFont // by font dictionary text (stable identity)
	pages    int                 // pages read
	failed   int                 // pages that could not be read
	firstErr error
	nodes    int
	glyphs   int // glyphs drawn
	decoded  int // glyphs with a known character
	start    time.Time
	cut      bool // stopped early (time or page budget)
}

// walkPages visits the page tree depth-first, carrying inherited
// resources; a node budget stops trees that loop back on themselves.
func (ex *pdfExtractor) walkPages(node, res pdf.Value, depth int) {
	if ex.out.full || ex.cut || depth > 64 {
		return
	}
	ex.nodes++
	if ex.nodes > pdfMaxNodes || ex.pages >= pdfMaxPages || time.Since(ex.start) > pdfTimeBudget {
		ex.cut = true
		return
	}
	if r := node.Key("Resources"); r.Kind() == pdf.Dict {
		res = r
	}
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array && node.Key("Contents").Kind() != pdf.Null {
		ex.page(node, res)
		return
	}
	for i := 0; i < kids.Len(); i++ {
		ex.walkPages(kids.Index(i), res, depth+1)
	}
}

// page extracts one page; a page that fails to parse is counted and
// skipped so one damaged page does not lose the rest.
func (ex *pdfExtractor) page(pg, res pdf.Value) {
	defer func() {
		if r := recover(); r != nil {
			ex.failed++
			if ex.firstErr == nil {
				ex.firstErr = fmt.Errorf("page %d: %v", ex.pages+ex.failed, r)
			}
		}
	}()
	contents := pg.Key("Contents")
	if !contentFits(contents, pdfMaxContent) {
		ex.failed++
		return
	}
	ex.pages++
	st := &pdfState{ex: ex, lay: &layout{out: ex.out}}
	st.run(contents, res, ident, 0)
	st.lay.flush()
}

// contentFits reports whether a page's content streams decode to at most
// limit bytes (they are decoded again by the interpreter; flate is cheap,
// an endless stream is not).
func contentFits(v pdf.Value, limit int64) bool {
	streams := []pdf.Value{v}
	if v.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < v.Len() && i < 1000; i++ {
			streams = append(streams, v.Index(i))
		}
	}
	var total int64
	for _, s := range streams {
		if s.Kind() != pdf.Stream {
			continue
		}
		rc := s.Reader()
		n, _ := io.Copy(io.Discard, io.LimitReader(rc, limit-total+1))
		rc.Close()
		total += n
		if total > limit {
			return false
		}
	}
	return true
}

// hexStringsClosed reports whether every hex string ("<…>") in a content
// stream (or array of streams, read as one) is closed before the end.
// pdf.Interpret never returns on an unclosed one: its lexer reads '\n'
// forever at the end of the data. The tokens are skipped the way that
// lexer does (comments, nested literal strings with escapes, "<<"), so a
// '<' inside a string or comment is not taken for a hex string.
func hexStringsClosed(v pdf.Value) bool {
	streams := []pdf.Value{v}
	if v.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < v.Len() && i < 1000; i++ {
			streams = append(streams, v.Index(i))
		}
	}
	readers := make([]io.Reader, 0, len(streams))
	for _, s := range streams {
		if s.Kind() != pdf.Stream {
			continue
		}
		rc := s.Reader()
		defer rc.Close()
		readers = append(readers, rc)
	}
	br := bufio.NewReader(io.LimitReader(io.MultiReader(readers...), pdfMaxContent))
	for {
		c, err := br.ReadByte()
		if err != nil {
			return true
		}
		switch c {
		case '%':
			for c != '\r' && c != '\n' {
				if c, err = br.ReadByte(); err != nil {
					return true
				}
			}
		case '(':
			// The library stops a literal string at the end of data.
			for depth := 1; depth > 0; {
				if c, err = br.ReadByte(); err != nil {
					return true
				}
				switch c {
				case '\\':
					if _, err = br.ReadByte(); err != nil {
						return true
					}
				case '(':
					depth++
				case ')':
					depth--
				}
			}
		case '<':
			if c, err = br.ReadByte(); err != nil {
				return false
			}
			if c == '<' {
				continue
			}
			for c != '>' {
				if c, err = br.ReadByte(); err != nil {
					return false
				}
			}
		}
	}
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var ident = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pdfGS is the part of the graphics and text state that moves glyphs.
type pdfGS struct {
	ctm                        matrix
	font                       *pdfFont
	size, tc, tw, th, tl, rise float64
}

// pdfState interprets one content stream (a page or a form XObject).
type pdfState struct {
	ex    *pdfExtractor
	lay   *layout
	forms int
}

func (st *pdfState) run(strm, res pdf.Value, ctm matrix, depth int) {
	gs := pdfGS{ctm: ctm, th: 1}
	var stack []pdfGS
	var tm, tlm matrix
	fontsRes := res.Key("Font")
	show := func(s string) {
		f := gs.font
		if f == nil {
			f = nullFont
		}
		for len(s) > 0 {
			code, n := f.next(s)
			s = s[n:]
			text, ok := f.decode(code)
			st.ex.glyphs++
			if ok {
				st.ex.decoded++
			}
			w := f.width(code)
			trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.rise}.mul(tm).mul(gs.ctm)
			adv := w*gs.size + gs.tc
			if n == 1 && code == 32 {
				adv += gs.tw
			}
			adv *= gs.th
			if ok {
				st.lay.glyph(text, trm, w)
			}
			tm = matrix{1, 0, 0, 1, adv, 0}.mul(tm)
		}
	}
	if !hexStringsClosed(strm) {
		// The library's lexer loops forever on a hex string cut off
		// by the end of the stream; such a page is damaged.
		panic("unterminated hex string in content stream")
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if k := len(stack); k > 0 {
				gs = stack[k-1]
				stack = stack[:k-1]
			}
		case "cm":
			if len(args) == 6 {
				gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
			}
		case "BT":
			tm, tlm = ident, ident
		case "ET":
		case "Tf":
			if len(args) == 2 {
				gs.font = st.ex.font(fontsRes.Key(args[0].Name()))
				gs.size = num(1)
			}
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "TL":
			gs.tl = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					gs.tl = -num(1)
				}
				tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
			tm = tlm
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				gs.tw, gs.tc = num(0), num(1)
				args = args[2:]
			}
			tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
			tm = tlm
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					x := a.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
					} else {
						tx := -x.Float64() / 1000 * gs.size * gs.th
						tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		case "Do":
			if len(args) != 1 || depth >= pdfMaxDepth || st.forms >= pdfMaxForms {
				return
			}
			xo := res.Key("XObject").Key(args[0].Name())
			if xo.Key("Subtype").Name() != "Form" {
				return // images carry no text
			}
			st.forms++
			if !contentFits(xo, pdfMaxContent) {
				return
			}
			m := ident
			if mx := xo.Key("Matrix"); mx.Len() == 6 {
				m = matrix{mx.Index(0).Float64(), mx.Index(1).Float64(), mx.Index(2).Float64(),
					mx.Index(3).Float64(), mx.Index(4).Float64(), mx.Index(5).Float64()}
			}
			xres := xo.Key("Resources")
			if xres.Kind() != pdf.Dict {
				xres = res
			}
			st.run(xo, xres, m.mul(gs.ctm), depth+1)
		}
	})
}

// layout collects a page's positioned glyphs and writes them in reading
// order: lines from top to bottom (glyphs whose baselines lie within half
// a font size of each other), each line from left to right. Drawing order
// is not reading order: LibreOffice draws all text of one font first, so a
// table's names and ID numbers would come out in separate blocks. A gap of
// more than 0.15 of the font size becomes a space, more than 0.3 a tab:
// table cells in real files are 0.36–0.7 apart, a Latin space is 0.28
// wide and Chinese text has no gaps. Tabs in PDF text therefore mark wide
// gaps, which are usually but not always cell boundaries. Pages whose text runs along another axis
// (landscape tables printed rotated) are turned first.
type layout struct {
	out    *textBuilder
	glyphs []pglyph
}

// pglyph is one glyph in user space.
type pglyph struct {
	text   string
	x, y   float64 // origin
	ex, ey float64 // end of its advance
	dx, dy float64 // baseline direction (unit)
	size   float64
	seq    int
}

const maxPageGlyphs = 1 << 19

func (l *layout) glyph(text string, trm matrix, w float64) {
	if len(l.glyphs) >= maxPageGlyphs {
		return
	}
	x, y := trm[4], trm[5]
	dx, dy := trm[0], trm[1]
	size := math.Hypot(trm[2], trm[3])
	norm := math.Hypot(dx, dy)
	if size < 0.01 {
		size = norm
	}
	if size < 0.01 {
		size = 1
	}
	if norm < 1e-9 || math.IsNaN(norm) || math.IsInf(norm, 0) || math.IsNaN(x+y) || math.IsInf(x+y, 0) {
		dx, dy, norm = 1, 0, 1
	}
	l.glyphs = append(l.glyphs, pglyph{
		text: text, x: x, y: y, ex: x + w*dx, ey: y + w*dy,
		dx: dx / norm, dy: dy / norm, size: size, seq: len(l.glyphs),
	})
}

// flush writes the page and forgets its glyphs.
func (l *layout) flush() {
	g := l.glyphs
	l.glyphs = nil
	if len(g) == 0 {
		return
	}
	// Turn the page so the most common baseline direction points right.
	var votes [4]int
	for _, q := range g {
		votes[quadrant(q.dx, q.dy)]++
	}
	best := 0
	for i := range votes {
		if votes[i] > votes[best] {
			best = i
		}
	}
	for i := range g {
		g[i].x, g[i].y = rotate(g[i].x, g[i].y, best)
		g[i].ex, g[i].ey = rotate(g[i].ex, g[i].ey, best)
	}
	sort.SliceStable(g, func(i, j int) bool { return g[i].y > g[j].y })
	for i := 0; i < len(g); {
		// One line: glyphs whose baseline is within half a size of the
		// line's first (highest) glyph.
		top, tol := g[i].y, 0.5*g[i].size
		j := i + 1
		for j < len(g) && top-g[j].y <= math.Max(tol, 0.5*g[j].size) {
			j++
		}
		line := g[i:j]
		sort.SliceStable(line, func(a, b int) bool {
			if line[a].x != line[b].x {
				return line[a].x < line[b].x
			}
			return line[a].seq < line[b].seq
		})
		l.writeLine(line)
		i = j
	}
}

// writeLine writes one line's glyphs with spaces and tabs for gaps.
func (l *layout) writeLine(line []pglyph) {
	started := false
	var prev *pglyph
	for k := range line {
		q := &line[k]
		if prev != nil {
			ref := math.Max(q.size, prev.size)
			// Fake bold and shadows draw a glyph twice, nearly in place.
			if q.text == prev.text && math.Abs(q.x-prev.x) < 0.3*ref {
				continue
			}
			gap := q.x - prev.ex
			if started {
				switch {
				case gap > 0.3*ref:
					l.out.WriteString("\t")
				case gap > 0.15*ref:
					l.out.WriteString(" ")
				}
			}
		}
		prev = q
		if !started && strings.TrimSpace(q.text) == "" {
			continue // leading blanks
		}
		l.out.WriteString(q.text)
		started = true
	}
	if started {
		l.out.WriteString("\n")
	}
}

// quadrant classifies a baseline direction: 0 right, 1 up, 2 left, 3 down.
func quadrant(dx, dy float64) int {
	if math.Abs(dx) >= math.Abs(dy) {
		if dx >= 0 {
			return 0
		}
		return 2
	}
	if dy > 0 {
		return 1
	}
	return 3
}

// rotate turns a point so that quadrant q's direction points right.
func rotate(x, y float64, q int) (float64, float64) {
	switch q {
	case 1: // text runs up: turn clockwise
		return y, -x
	case 2:
		return -x, -y
	case 3: // text runs down: turn counter-clockwise
		return -y, x
	}
	return x, y
}

// font returns the decoder for a font dictionary, cached by its printed
// form (which names its indirect objects, so it identifies the font).
func (ex *pdfExtractor) font(v pdf.Value) *pdfFont {
	if v.Kind() != pdf.Dict {
		return nullFont
	}
	key := v.String()
	if len(key) > 8192 {
		return loadFont(v)
	}
	if f, ok := ex.fonts[key]; ok {
		return f
	}
	f := loadFont(v)
	if len(ex.fonts) < 4096 {
		ex.fonts[key] = f
	}
	return f
}
