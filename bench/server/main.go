// Command server serves a synthetic government site of N pages on a
// loopback port, for comparing gongkai with link checkers (bench/run.sh).
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/gongkai/gongkai/bench/sitegen"
)

func main() {
	pages := flag.Int("pages", 3000, "HTML pages to generate")
	perList := flag.Int("per-list", 20, "articles per list page")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "http://%s/\n", ln.Addr())
	log.Fatal(http.Serve(ln, sitegen.Site{Pages: *pages, PerList: *perList}))
}
