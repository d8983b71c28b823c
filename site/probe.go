package site

import "time"

// Probe is what the crawl's site probe saw of the site's host beyond its
// pages: its IPv6 support and its HTTPS. It is nil when no probe ran — a
// start on loopback or an IP address (a copy: its host says nothing of the
// real site), a --resolve mapping, a re-check, or a snapshot written before
// probes existed — and rules then say nothing.
type Probe struct {
	// Host is the host probed: the start page's host after redirects, or
	// the name a local copy stands for.
	Host  string     `json:"host"`
	IPv6  IPv6Probe  `json:"ipv6"`
	HTTPS HTTPSProbe `json:"https"`
}

// ProbeState is the outcome of one probe.
type ProbeState string

// Probe outcomes. Untested means the probe could not judge from where it
// ran (no IPv6 route on this machine, DNS failed); it is not a defect.
const (
	ProbeOK       ProbeState = "ok"
	ProbeUntested ProbeState = "untested"

	ProbeNoAAAA     ProbeState = "no-aaaa"         // the name has no IPv6 address
	ProbeIPv6Failed ProbeState = "ipv6-failed"     // it has one, but a request over IPv6 failed
	ProbeNoHTTPS    ProbeState = "no-https"        // nothing answers TLS on port 443
	ProbeNoRedirect ProbeState = "no-redirect"     // HTTPS works, but http:// is served without redirecting to it
	ProbeExpired    ProbeState = "cert-expired"    // the certificate's validity has ended (or not begun)
	ProbeUntrusted  ProbeState = "cert-untrusted"  // self-signed or issued by an unknown authority
	ProbeWrongHost  ProbeState = "cert-wrong-host" // the certificate names other hosts
	ProbeBadCert    ProbeState = "cert-invalid"    // rejected for another reason
)

// IPv6Probe is the AAAA lookup and, where this machine has IPv6, one
// request to the site over it.
type IPv6Probe struct {
	State ProbeState `json:"state"`
	// Addrs are the host's IPv6 addresses (AAAA records).
	Addrs []string `json:"addrs,omitempty"`
	// Why says why the request over IPv6 failed or why nothing was
	// tested: an ErrClass, "no-route" (this machine has no IPv6) or
	// "http" with Status.
	Why    string `json:"why,omitempty"`
	Status int    `json:"status,omitempty"`
}

// HTTPSProbe is the TLS handshake on port 443 and the answer to http://.
type HTTPSProbe struct {
	State ProbeState `json:"state"`
	// The certificate, when one was presented.
	NotBefore time.Time `json:"not_before,omitzero"`
	NotAfter  time.Time `json:"not_after,omitzero"`
	Names     []string  `json:"names,omitempty"`
	Issuer    string    `json:"issuer,omitempty"`
	// Status and Location are the answer to http://host/ (no redirect
	// followed) when it was asked.
	Status   int    `json:"status,omitempty"`
	Location string `json:"location,omitempty"`
}
