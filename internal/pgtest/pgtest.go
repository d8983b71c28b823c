// Package pgtest gives a test its own empty PostgreSQL database on the
// server GONGKAI_TEST_POSTGRES names (.ci/run starts a throwaway one), so
// that tests of the history and the queue never see each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the server: a postgres:// URL of a database whose user may
// create databases. RequireEnv set to anything turns a skip into a failure,
// as .ci/run does.
const (
	Env        = "GONGKAI_TEST_POSTGRES"
	RequireEnv = "GONGKAI_REQUIRE_POSTGRES"
)

// DSN creates an empty database gongkai_t_<random> and returns its URL; it
// is dropped when the test ends. Without GONGKAI_TEST_POSTGRES the test is
// skipped with one line saying how to run it (a failure under
// GONGKAI_REQUIRE_POSTGRES).
func DSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	if admin == "" {
		msg := "needs PostgreSQL: run bash .ci/run, or set " + Env + "=postgres://USER@127.0.0.1:PORT/DATABASE?sslmode=disable (a user that may create databases)"
		if os.Getenv(RequireEnv) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL, not %q", Env, admin)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "gongkai_t_" + hex.EncodeToString(b[:])
	if err := exec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: cannot create a database on %s (%s): %v", u.Host, Env, err)
	}
	t.Cleanup(func() {
		// FORCE: a pool the test left open must not keep the database.
		if err := exec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: cannot drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func exec(dsn, stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, stmt)
	return err
}
