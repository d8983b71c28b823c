package pgtest

import (
	"strings"
	"testing"
)

// recorder stands in for a test to see whether DSN skips or fails.
type recorder struct {
	testing.TB
	how, msg string
}

type stop struct{}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.how, r.msg = "fatal", args[0].(string); panic(stop{}) }
func (r *recorder) Skip(args ...any)  { r.how, r.msg = "skip", args[0].(string); panic(stop{}) }

func run(r *recorder) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
	}()
	DSN(r)
}

// TestWithoutServer: without GONGKAI_TEST_POSTGRES a test skips with one
// line saying how to run it, and fails instead under
// GONGKAI_REQUIRE_POSTGRES (as .ci/run sets it).
func TestWithoutServer(t *testing.T) {
	t.Setenv(Env, "")
	for _, tc := range []struct{ require, want string }{{"", "skip"}, {"1", "fatal"}} {
		t.Setenv(RequireEnv, tc.require)
		r := &recorder{TB: t}
		run(r)
		if r.how != tc.want || !strings.Contains(r.msg, "bash .ci/run") || !strings.Contains(r.msg, Env) || strings.Contains(r.msg, "\n") {
			t.Errorf("%s=%q: %s %q, want %s with one line naming .ci/run and %s", RequireEnv, tc.require, r.how, r.msg, tc.want, Env)
		}
	}
}

// TestFreshDatabase: each call is a new empty database, gone after the test.
func TestFreshDatabase(t *testing.T) {
	var a string
	t.Run("a", func(t *testing.T) {
		a = DSN(t)
		if b := DSN(t); a == b {
			t.Errorf("the same database twice: %s", a)
		}
		if err := exec(a, "CREATE TABLE t (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
	})
	if a == "" {
		t.Skip("no PostgreSQL (see the skip above)")
	}
	if err := exec(a, "SELECT 1"); err == nil {
		t.Errorf("%s still exists after its test", a)
	}
}
