// Command service is the Go half of the polyglot sample: a tiny HTTP service whose dependencies come
// from the module proxy folder shipped beside it (../../goproxy), so it builds offline.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"

	"example.com/clock/v2"
	"example.com/greetings"
	textutil "github.com/Acme/TextUtil"
)

func greeting(name string) string {
	return textutil.Shout(greetings.Hello(name)) + " (" + clock.Stamp(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)) + ")"
}

func main() {
	addr := flag.String("listen", "", "address to serve on, e.g. 127.0.0.1:8080; empty prints one greeting and exits")
	flag.Parse()
	if *addr == "" {
		fmt.Println(greeting("polyglot"))
		return
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting(r.URL.Query().Get("name")))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
