package mcpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
)

// readMessage reads the whole body, within the limit, and refuses one that
// is not a JSON-RPC message before any handler sees it: a client is owed a
// JSON-RPC error it can read (-32700 for what is not JSON, -32600 for JSON
// that is no message), never the SDK's plain-text "malformed payload".
// Handlers below get the body back as read.
func readMessage(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooLarge := fmt.Sprintf("Request body too large: the limit is %d bytes (ZSCALER_MCP_MAX_BODY_BYTES)", limit)
		if r.ContentLength > limit {
			refuse(w, r, http.StatusRequestEntityTooLarge, jsonrpc.CodeInvalidRequest, "body too large", tooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				refuse(w, r, http.StatusRequestEntityTooLarge, jsonrpc.CodeInvalidRequest, "body too large", tooLarge)
				return
			}
			refuse(w, r, http.StatusBadRequest, jsonrpc.CodeParseError, "parse error", "Parse error: the request body could not be read")
			return
		}
		if code, msg := checkMessage(body); code != 0 {
			reason := "invalid request"
			if code == jsonrpc.CodeParseError {
				reason = "parse error"
			}
			refuse(w, r, http.StatusBadRequest, code, reason, msg)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// checkMessage says whether body is one JSON-RPC message or a batch of them,
// and if not, the JSON-RPC error code and message that say why. It checks
// only the envelope; methods and params are the SDK's to judge.
func checkMessage(body []byte) (code int, msg string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return jsonrpc.CodeParseError, "Parse error: the request body is empty"
	}
	if !json.Valid(body) {
		return jsonrpc.CodeParseError, "Parse error: the request body is not valid JSON"
	}
	switch body[0] {
	case '{':
		if why := checkEnvelope(body); why != "" {
			return jsonrpc.CodeInvalidRequest, "Invalid Request: " + why
		}
		return 0, ""
	case '[':
		var batch []json.RawMessage
		if json.Unmarshal(body, &batch) != nil {
			return jsonrpc.CodeInvalidRequest, "Invalid Request: a batch must be an array of JSON-RPC messages"
		}
		if len(batch) == 0 {
			return jsonrpc.CodeInvalidRequest, "Invalid Request: the batch is empty"
		}
		for i, m := range batch {
			if why := checkEnvelope(m); why != "" {
				return jsonrpc.CodeInvalidRequest, fmt.Sprintf("Invalid Request: batch element %d: %s", i, why)
			}
		}
		return 0, ""
	}
	return jsonrpc.CodeInvalidRequest, "Invalid Request: a JSON-RPC message is a JSON object"
}

// checkEnvelope reads one message: a request or notification (a method),
// or a response to a request of the server's (an id with a result or an
// error). It returns why raw is neither, or "".
func checkEnvelope(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return "a JSON-RPC message is a JSON object"
	}
	var m struct {
		JSONRPC json.RawMessage `json:"jsonrpc"`
		Method  json.RawMessage `json:"method"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   json.RawMessage `json:"error"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return "a JSON-RPC message is a JSON object"
	}
	if string(m.JSONRPC) != `"2.0"` {
		return `"jsonrpc" must be "2.0"`
	}
	if m.Method != nil {
		if len(m.Method) == 0 || m.Method[0] != '"' {
			return `"method" must be a string`
		}
		return ""
	}
	if m.ID != nil && (m.Result != nil) != (m.Error != nil) {
		return ""
	}
	return `no "method": the message is neither a request nor a response`
}

// jsonErrors turns the SDK's plain-text error answers (an unsupported
// protocol revision, a batch on a revision without batches, a method it does
// not know, ...) into JSON-RPC errors with the same status: every answer of
// /mcp is then one a JSON-RPC client can read.
func jsonErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jw := &jsonErrorWriter{ResponseWriter: w}
		next.ServeHTTP(jw, r)
		if jw.status == 0 {
			return
		}
		msg := strings.TrimSpace(jw.text.String())
		code := jsonrpc.CodeInvalidRequest
		switch {
		case jw.status >= 500:
			code = jsonrpc.CodeInternalError
		case strings.Contains(msg, "not handled"): // the SDK's words for a method it does not know
			code = jsonrpc.CodeMethodNotFound
		}
		refuse(w, r, jw.status, code, "protocol", msg)
	})
}

// jsonErrorWriter holds back an error answer written as plain text.
type jsonErrorWriter struct {
	http.ResponseWriter
	status      int // set when the answer is held back
	wroteHeader bool
	text        bytes.Buffer
}

func (j *jsonErrorWriter) WriteHeader(code int) {
	if j.wroteHeader {
		return
	}
	j.wroteHeader = true
	if code >= 400 && strings.HasPrefix(j.Header().Get("Content-Type"), "text/plain") {
		j.status = code
		return
	}
	j.ResponseWriter.WriteHeader(code)
}

func (j *jsonErrorWriter) Write(b []byte) (int, error) {
	if !j.wroteHeader {
		j.WriteHeader(http.StatusOK)
	}
	if j.status != 0 {
		if j.text.Len() < 4<<10 {
			j.text.Write(b)
		}
		return len(b), nil
	}
	return j.ResponseWriter.Write(b)
}

func (j *jsonErrorWriter) Flush() {
	if j.status != 0 {
		return
	}
	if f, ok := j.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (j *jsonErrorWriter) Unwrap() http.ResponseWriter { return j.ResponseWriter }
