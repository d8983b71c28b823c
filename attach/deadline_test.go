package attach

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestUnclosedHexStringPDF is the 499-byte file FuzzText found (a PDF served
// as a.doc whose content stream ends inside a hex string "<0010> -300
// <0011>]…" cut short): ledongthuc/pdf's lexer looped on it for ever. The
// page is now damaged, and the answer comes at once.
func TestUnclosedHexStringPDF(t *testing.T) {
	tests := []struct {
		name, content string
		closed        bool
	}{
		{"closed", "BT <0001> Tj ET", true},
		{"dict", "<< /A 1 >> BD", true},
		{"unclosed at end", "BT <0001> Tj <00", false},
		{"lone < at end", "BT <", false},
		{"< in literal string", "BT (a<b) Tj ET", true},
		{"< in escaped literal", `BT (a\)<b) Tj ET`, true},
		{"< in comment", "BT %<\n(x) Tj ET", true},
		{"unclosed literal", "BT (a<b", true}, // the library stops a literal at the end
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"
			data := rawPDF(page, tc.content)
			done := make(chan error, 1)
			go func() { _, err := Text("a.pdf", "", data); done <- err }()
			select {
			case err := <-done:
				if Reason(err) == "解析超时" {
					t.Fatal("deadline reached")
				}
				if tc.closed && strings.Contains(Reason(err), "损坏") {
					t.Errorf("closed strings read as damaged: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Text still running after 10s")
			}
		})
	}
}

// rawPDF builds a one-page PDF with a page dictionary and content stream.
func rawPDF(page, content string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		page,
		"<< /Length " + itoa(len(content)) + " >>\nstream\n" + content + "\nendstream",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		b.WriteString(itoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n0 " + itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, o := range offs {
		s := itoa(o)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + itoa(len(objs)+1) + " /Root 1 0 R >>\nstartxref\n" + itoa(xref) + "\n%%EOF\n")
	return []byte(b.String())
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTextDeadline: a parse that takes longer than Deadline is reported as
// 解析超时 (the row reads 附件无法读取（解析超时）) and Text returns, so the
// scan goes on.
func TestTextDeadline(t *testing.T) {
	release, finished := make(chan struct{}), make(chan struct{})
	parseHook = func() { <-release; close(finished) }
	defer func() {
		// Let the abandoned parse end before the hook is reset.
		close(release)
		<-finished
		parseHook = nil
	}()
	old := Deadline
	Deadline = 50 * time.Millisecond
	defer func() { Deadline = old }()

	start := time.Now()
	text, err := Text("a.txt", "", []byte("公示名单"))
	if !errors.Is(err, ErrUnreadable) || Reason(err) != "解析超时" || text != "" {
		t.Fatalf("got %q, %v; want unreadable 解析超时", text, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Text returned after %v", d)
	}
}
