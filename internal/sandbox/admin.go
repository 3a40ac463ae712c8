package sandbox

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
)

// serveAdmin is the HTTP face of the test controls, for tests that drive a
// separate sandbox process. Only loopback clients may use it: it can revoke
// tokens and wipe state.
//
//	POST   /__sandbox/faults         JSON Fault → 204
//	GET    /__sandbox/faults         pending faults
//	POST   /__sandbox/expire-tokens  → 204
//	GET    /__sandbox/requests       JSON array of RecordedRequest
//	DELETE /__sandbox/requests       → 204
//	POST   /__sandbox/reset          → 204
func (t *Tenant) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r) {
		adminJSON(w, http.StatusForbidden, map[string]string{"error": "the sandbox controls only answer loopback clients"})
		return
	}
	switch r.Method + " " + r.URL.Path[len(adminPrefix):] {
	case "POST faults":
		var f Fault
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		dec.DisallowUnknownFields() // a typo in a test's fault must not silently do nothing
		if err := dec.Decode(&f); err != nil {
			adminJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid fault: " + err.Error()})
			return
		}
		if err := t.injectFault(f); err != nil {
			adminJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid fault: " + err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case "GET faults":
		adminJSON(w, http.StatusOK, t.pendingFaults())
	case "POST expire-tokens":
		t.ExpireTokens()
		w.WriteHeader(http.StatusNoContent)
	case "GET requests":
		adminJSON(w, http.StatusOK, t.Requests())
	case "DELETE requests":
		t.ctl.Lock()
		t.reqlog = nil
		t.ctl.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case "POST reset":
		t.Reset()
		w.WriteHeader(http.StatusNoContent)
	default:
		adminJSON(w, http.StatusNotFound, map[string]string{"error": "unknown sandbox control " + r.Method + " " + r.URL.Path})
	}
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	reply{status: status, body: v, ctype: "application/json"}.write(w, nil)
}

func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
