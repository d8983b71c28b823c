package history

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/gongkai/gongkai/internal/pgtest"
)

// goText is driver and Go error text that must not reach a user.
var goText = []string{"dial tcp", "connection refused", "failed to connect", "SQLSTATE", "pgx", "EOF", "context"}

// TestPostgresSentences: a server that is not there, a database that does
// not exist and an unreadable URL are each one sentence naming the place,
// of the kind the commands tell apart; a password never shows.
func TestPostgresSentences(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	cases := []struct {
		dsn  string
		kind error
		want string
	}{
		{"postgres://u:secret@" + closed + "/x", ErrUnreachable, "cannot connect to PostgreSQL at " + closed},
		{"postgresql://u:secret@" + closed + "/x?sslmode=disable", ErrUnreachable, "cannot connect to PostgreSQL at " + closed},
		{"postgres://u:secret@127.0.0.1:99999999/x", ErrAccess, "cannot be read"},
		{"postgres://gongkai:secret@" + refusingServer(t, "28P01") + "/x?sslmode=disable", ErrAccess, `refused user "gongkai" (wrong password`},
		{"postgres://gongkai:secret@" + refusingServer(t, "3D000") + "/nodb?sslmode=disable", ErrAccess, `has no database "nodb"; create it`},
	}
	if admin := pgtestServer(t); admin != nil {
		u := *admin
		u.Path = "/gongkai_no_such_database"
		u.User = url.UserPassword(admin.User.Username(), "secret")
		cases = append(cases, struct {
			dsn  string
			kind error
			want string
		}{u.String(), ErrAccess, `has no database "gongkai_no_such_database"; create it`})
	}
	for _, tc := range cases {
		for _, f := range []func() error{
			func() error { _, err := Open(context.Background(), tc.dsn); return err },
			func() error { _, err := Load(tc.dsn, "a.gov.cn", 0); return err },
			func() error { return Record(tc.dsn, rep("http://a.gov.cn/", "2025-11-25", true, 80)) },
		} {
			err := f()
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %v saying %q", tc.dsn, err, tc.kind, tc.want)
				continue
			}
			for _, bad := range append(goText, "secret") {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("%s: %q contains %q", tc.dsn, err, bad)
				}
			}
		}
	}
}

// refusingServer is a loopback server speaking just enough of PostgreSQL's
// protocol to refuse every connection with the given SQLSTATE, as a server
// does for a wrong password (28P01) or a missing database (3D000).
func refusingServer(t *testing.T, code string) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				b := pgproto3.NewBackend(conn, conn)
				if _, err := b.ReceiveStartupMessage(); err != nil {
					return
				}
				b.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: code, Message: "refused by the test"})
				_ = b.Flush()
			}()
		}
	}()
	return l.Addr().String()
}

// pgtestServer is GONGKAI_TEST_POSTGRES's server when the PostgreSQL
// tests run, else nil (the other cases need none).
func pgtestServer(t *testing.T) *url.URL {
	dsn := ""
	t.Run("server", func(t *testing.T) { dsn = pgtest.DSN(t) })
	if dsn == "" {
		return nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestPostgresConcurrentOpen: workers starting together on an empty
// database create the tables once (the advisory lock), all of them
// recording.
func TestPostgresConcurrentOpen(t *testing.T) {
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = Record(dsn, rep("http://a.gov.cn/", "2025-11-25", true, 80, "link-broken"))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if ms, err := Load(dsn, "a.gov.cn", 0); err != nil || len(ms) != 1 || ms[0].Scans != 1 || ms[0].Total != 1 {
		t.Errorf("six workers recording one scan: %+v, %v", ms, err)
	}
}

// TestPostgresNotOurs: a database whose scans table is someone else's is
// refused, not written into; River's tables beside ours are fine.
func TestPostgresNotOurs(t *testing.T) {
	dsn := pgtest.DSN(t)
	d, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SQL().Exec(`CREATE TABLE river_job (id BIGINT); DROP TABLE findings; DROP TABLE scans; DROP TABLE meta; CREATE TABLE scans (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := Record(dsn, rep("http://a.gov.cn/", "2025-11-25", true, 80)); err == nil || !strings.Contains(err.Error(), "not a gongkai history database") {
		t.Errorf("someone else's scans table: %v", err)
	}

	river := pgtest.DSN(t)
	d, err = Open(context.Background(), river)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, _ = Open(context.Background(), river)
	if _, err := d.SQL().Exec(`CREATE TABLE river_job (id BIGINT)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := Record(river, rep("http://a.gov.cn/", "2025-11-25", true, 80)); err != nil {
		t.Errorf("beside River's tables: %v", err)
	}
}
