package crawl

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// StaticResolver returns a resolver that answers from table (lower-case
// name → addresses) and never asks the network: a name in the table gets
// its A and AAAA records from it (none of a family when it lists none),
// any other name does not exist. Tests and the demo use it so that no
// real name is ever resolved.
func StaticResolver(table map[string][]net.IP) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		client, server := net.Pipe()
		go serveStaticDNS(server, table)
		return client, nil
	}}
}

// serveStaticDNS answers DNS queries in TCP framing (a net.Pipe is not a
// packet connection, so the resolver frames its queries so) until the
// client closes.
func serveStaticDNS(c net.Conn, table map[string][]net.IP) {
	defer c.Close()
	for {
		var n [2]byte
		if _, err := io.ReadFull(c, n[:]); err != nil {
			return
		}
		msg := make([]byte, binary.BigEndian.Uint16(n[:]))
		if _, err := io.ReadFull(c, msg); err != nil {
			return
		}
		out, ok := staticAnswer(msg, table)
		if !ok {
			return
		}
		binary.BigEndian.PutUint16(n[:], uint16(len(out)))
		if _, err := c.Write(append(n[:], out...)); err != nil {
			return
		}
	}
}

func staticAnswer(msg []byte, table map[string][]net.IP) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(msg)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	ips, known := table[strings.TrimSuffix(strings.ToLower(q.Name.String()), ".")]
	rh := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionAvailable: true}
	if !known {
		rh.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, rh)
	if b.StartQuestions() != nil || b.Question(q) != nil || b.StartAnswers() != nil {
		return nil, false
	}
	rr := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, ip := range ips {
		switch v4 := ip.To4(); {
		case q.Type == dnsmessage.TypeA && v4 != nil:
			var a dnsmessage.AResource
			copy(a.A[:], v4)
			if b.AResource(rr, a) != nil {
				return nil, false
			}
		case q.Type == dnsmessage.TypeAAAA && v4 == nil && len(ip) == net.IPv6len:
			var a dnsmessage.AAAAResource
			copy(a.AAAA[:], ip)
			if b.AAAAResource(rr, a) != nil {
				return nil, false
			}
		}
	}
	out, err := b.Finish()
	return out, err == nil
}
