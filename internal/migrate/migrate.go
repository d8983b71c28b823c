// Package migrate brings a database's tables to the layout this gongkai
// writes: numbered steps, the version kept in the database itself, an older
// database upgraded and a newer one refused rather than misread. The history
// and the queue each keep their own steps and version; the mechanism is this
// one.
package migrate

import (
	"context"
	"database/sql"
)

// Lock is the advisory lock key of gongkai's migrations on PostgreSQL, the
// history's and the queue's ('gongkai' in ASCII; River's locks use other
// keys). The two never migrate inside each other, so one key serves both.
const Lock int64 = 0x676f6e676b6169

// Querier is what the version is read and written through: the migration's
// transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Plan is one database's migrations and how it keeps and reports its
// version. Every error Run returns comes from one of the plan's functions,
// so that each caller says it in its own sentences.
type Plan struct {
	// Steps[i] brings the database from version i to version i+1; the
	// version this gongkai writes is len(Steps).
	Steps []string
	// Lock, when not 0, is a PostgreSQL advisory lock key held for the whole
	// migration, so that workers starting together do not migrate twice.
	// SQLite has none: its transaction is IMMEDIATE (the DSN's _txlock).
	Lock int64
	// Before, when set, runs under the lock before the steps (the queue
	// runs River's own migrations there).
	Before func(ctx context.Context) error
	// Version reads the database's version (0 for a database without the
	// tables); its errors are returned as they are.
	Version func(ctx context.Context, tx Querier) (int, error)
	// SetVersion records the version reached; its errors are returned as
	// they are.
	SetVersion func(ctx context.Context, tx Querier, v int) error
	// Newer is the error for a database of version have, newer than this
	// gongkai knows (len(Steps)).
	Newer func(have, know int) error
	// Failed is the error for step to (the step bringing the database to
	// version to) failing with err.
	Failed func(to int, err error) error
	// Wrap turns a connection, lock or transaction error into the caller's.
	Wrap func(err error) error
}

// Run brings db to version len(p.Steps), all steps in one transaction: a
// step that fails leaves the database as it was.
func Run(ctx context.Context, db *sql.DB, p Plan) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return p.Wrap(err)
	}
	defer conn.Close()
	if p.Lock != 0 {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, p.Lock); err != nil {
			return p.Wrap(err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, p.Lock) //nolint:errcheck // released with the session anyway
	}
	if p.Before != nil {
		if err := p.Before(ctx); err != nil {
			return err
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return p.Wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	have, err := p.Version(ctx, tx)
	if err != nil {
		return err
	}
	know := len(p.Steps)
	if have > know {
		return p.Newer(have, know)
	}
	if have == know {
		return nil
	}
	for i := have; i < know; i++ {
		if _, err := tx.ExecContext(ctx, p.Steps[i]); err != nil {
			return p.Failed(i+1, err)
		}
	}
	if err := p.SetVersion(ctx, tx, know); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return p.Wrap(err)
	}
	return nil
}
