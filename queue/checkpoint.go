package queue

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

// A site's crawl is checkpointed in the database as it goes: the worker
// copies what its snapshot has flushed (gzip sync-flush boundaries) into
// gongkai_checkpoints every heartbeat, so a worker that takes over a dead
// one's site resumes its crawl (scan --resume) instead of starting again at
// page one — the largest site of a month is hours long at 2 req/s.

// snapshotName names the per-job snapshot in the job's directory.
const snapshotName = "site"

// jobSnapshot is the scan options' snapshot in dir.
func jobSnapshot(dir string) scan.Options {
	return scan.Options{SnapshotDir: dir, SnapshotName: snapshotName}
}

// syncFlush ends every flush of a snapshot: a copy cut right after one is a
// partial snapshot --resume reads; cut anywhere else it is damaged.
var syncFlush = []byte{0, 0, 0xff, 0xff}

// restoreCheckpoint writes the newest checkpoint of the site into dir as the
// snapshot a resumed scan reads, and reports whether there is one worth
// resuming (a readable crawl, not finished).
func (w *worker) restoreCheckpoint(ctx context.Context, a ScanArgs, dir string) bool {
	rows, err := w.q.db.QueryContext(ctx, `SELECT data FROM gongkai_checkpoints
		WHERE period = $1 AND site = $2 AND attempt = (SELECT max(attempt) FROM gongkai_checkpoints WHERE period = $1 AND site = $2)
		ORDER BY seq`, a.Period, a.Site)
	if err != nil {
		return false
	}
	defer rows.Close()
	var buf bytes.Buffer
	for rows.Next() {
		var b []byte
		if rows.Scan(&b) != nil {
			return false
		}
		buf.Write(b)
	}
	if rows.Err() != nil || buf.Len() == 0 {
		return false
	}
	_, prev, err := site.ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil || prev.Complete || len(prev.Pages) == 0 {
		return false // damaged, or finished (it died in the rules): scan afresh
	}
	resume, _ := scan.SnapshotPaths(jobSnapshot(dir))
	return os.WriteFile(resume, buf.Bytes(), 0o600) == nil
}

// checkpoint copies what the running scan's snapshot has flushed since the
// last copy, until ctx ends.
func (w *worker) checkpoint(ctx context.Context, a ScanArgs, attempt int, dir string) {
	_, path := scan.SnapshotPaths(jobSnapshot(dir))
	var off int64
	seq := 0
	every(ctx, w.o.Heartbeat, func() {
		f, err := os.Open(path)
		if err != nil {
			return // not written yet
		}
		_, err = f.Seek(off, io.SeekStart)
		var fresh []byte
		if err == nil {
			fresh, err = io.ReadAll(io.LimitReader(f, 64<<20))
		}
		f.Close()
		cut := bytes.LastIndex(fresh, syncFlush)
		if err != nil || cut < 0 {
			return
		}
		fresh = fresh[:cut+len(syncFlush)]
		if _, err := w.q.db.ExecContext(ctx, `INSERT INTO gongkai_checkpoints (period, site, attempt, seq, data) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, a.Period, a.Site, attempt, seq, fresh); err != nil {
			return
		}
		off += int64(len(fresh))
		seq++
	})
}
