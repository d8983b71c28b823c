package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedDataIsGenerated fails when calendar/data was edited by hand or
// the generator changed without regenerating: run
// go run ./calendar/internal/gen -out calendar/data.
func TestCommittedDataIsGenerated(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	committed, _ := filepath.Glob("../../data/*.json")
	if len(committed) != len(files) {
		t.Errorf("calendar/data has %d files, generator makes %d", len(committed), len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("calendar/data/%s differs from the generator output", name)
		}
	}
}
