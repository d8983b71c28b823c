package scan

import "strings"

// StopReason says why a crawl ended before it had seen the whole site.
type StopReason int

// The reasons a crawl stops early.
const (
	StopNone            StopReason = iota // the crawl finished
	StopInterrupted                       // the user pressed Ctrl-C (ErrInterrupted)
	StopTimeBudget                        // --max-time ran out
	StopMaxPages                          // --max-pages was reached
	StopPartialSnapshot                   // the snapshot checked was written by a crawl that did not finish
	StopOther                             // any other cancellation
)

var stopNames = [...]string{"none", "interrupted", "time-budget", "max-pages", "partial-snapshot", "other"}

func (r StopReason) String() string {
	if r < 0 || int(r) >= len(stopNames) {
		return "other"
	}
	return stopNames[r]
}

// ParseStop classifies a crawl's recorded stop reason. The crawl, its
// snapshots and the JSON reports keep the reason as the sentence users read
// (stop_reason); this is the one place that sentence is turned back into a
// value, so that nothing else matches strings.
func ParseStop(complete bool, reason string) StopReason {
	switch {
	case complete:
		return StopNone
	case reason == ErrInterrupted.Error(), reason == "interrupted by the user":
		return StopInterrupted
	case reason == errTimeBudget.Error(), reason == "the --max-time budget ran out":
		return StopTimeBudget
	case strings.HasPrefix(reason, "已达到 --max-pages "), strings.HasPrefix(reason, "reached --max-pages "):
		return StopMaxPages // (the English is an older snapshot's)
	case strings.HasPrefix(reason, "快照不完整"), strings.HasPrefix(reason, "snapshot is partial"):
		return StopPartialSnapshot
	}
	return StopOther
}
