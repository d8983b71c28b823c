package history

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The kinds of PostgreSQL trouble a command tells apart (errors.Is): a
// server that cannot be reached is like a site that cannot be fetched; a
// wrong URL, password or database name is the user's to correct.
var (
	ErrUnreachable = errors.New("postgresql unreachable")
	ErrAccess      = errors.New("postgresql refused")
)

// sentence is an error whose text is one sentence for the user, with no
// driver or Go error text in it.
type sentence struct {
	kind error
	text string
}

func (s *sentence) Error() string { return s.text }
func (s *sentence) Unwrap() error { return s.kind }

// connectTimeout bounds a connection attempt whose URL sets no
// connect_timeout: a host that drops packets would otherwise hold a scan
// for minutes before saying anything.
const connectTimeout = 15 * time.Second

// openPostgres connects (through pgx's database/sql driver) and checks that
// the server answers.
func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	d, cfg, err := postgresDB(dsn)
	if err != nil {
		return nil, err
	}
	d.db = stdlib.OpenDB(*cfg)
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, d.wrap(err)
	}
	return d, nil
}

// OpenPool opens (migrating) the history in the PostgreSQL database dsn
// names through pool, a pool of the caller's on that database (the
// queue's): a worker keeps no second pool, and no idle connection in it,
// only to record. Close leaves the pool open; it is the caller's to close.
func OpenPool(ctx context.Context, dsn string, pool *sql.DB) (*DB, error) {
	d, _, err := postgresDB(dsn)
	if err != nil {
		return nil, err
	}
	d.db, d.borrowed = pool, true
	if err := d.migrate(ctx, true); err != nil {
		return nil, err
	}
	return d, nil
}

// postgresDB is the history of dsn without its pool yet: what its messages
// name, and the connection settings.
func postgresDB(dsn string) (*DB, *pgx.ConnConfig, error) {
	name := Display(dsn)
	cfg, err := pgx.ParseConfig(strings.TrimSpace(dsn))
	if err != nil {
		return nil, nil, &sentence{kind: ErrAccess, text: fmt.Sprintf("the PostgreSQL URL %s cannot be read; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE", name)}
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	d := &DB{pg: true, name: name, addr: net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))}
	d.user, d.database = cfg.User, cfg.Database
	return d, cfg, nil
}

// Display is a history location fit to print: a file path as it is, a
// PostgreSQL URL without its password.
func Display(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(strings.TrimSpace(dsn))
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	if q := u.Query(); q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// pgSentence turns PostgreSQL's connection and access errors into one
// sentence naming the server; nil for other errors.
func (d *DB) pgSentence(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return &sentence{kind: ErrAccess, text: fmt.Sprintf("PostgreSQL at %s refused user %q (wrong password, or no access from this machine); correct the user and password in the --db URL", d.addr, d.user)}
		case pe.Code == "3D000":
			return &sentence{kind: ErrAccess, text: fmt.Sprintf("PostgreSQL at %s has no database %q; create it (createdb %s) or correct the --db URL", d.addr, d.database, d.database)}
		case pe.Code == "42501":
			return &sentence{kind: ErrAccess, text: fmt.Sprintf("PostgreSQL user %q may not create or change gongkai's tables in database %q at %s; grant it CREATE on schema public, or use another user", d.user, d.database, d.addr)}
		case strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P"):
			return &sentence{kind: ErrUnreachable, text: fmt.Sprintf("PostgreSQL at %s closed the connection (%s); try again when the server is back", d.addr, pe.Message)}
		}
		return &sentence{kind: errors.New("postgresql error"), text: fmt.Sprintf("history database %s: PostgreSQL error %s: %s", d.name, pe.Code, pe.Message)}
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) {
		return &sentence{kind: ErrUnreachable, text: fmt.Sprintf("cannot connect to PostgreSQL at %s: nothing answers there, or it refuses connections from this machine; start the server or correct the host and port in the --db URL", d.addr)}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) {
		return &sentence{kind: ErrUnreachable, text: fmt.Sprintf("lost the connection to PostgreSQL at %s; try again when the server is back", d.addr)}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &sentence{kind: ErrUnreachable, text: fmt.Sprintf("PostgreSQL at %s did not answer in time", d.addr)}
	}
	return nil
}

// rebind writes the ? placeholders of a query as PostgreSQL's $1, $2, …
// (none of our queries has a ? inside a string literal, but one there is
// left alone).
func (d *DB) rebind(q string) string {
	if !d.pg {
		return q
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, c := range q {
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
