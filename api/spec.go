package api

import _ "embed"

// Spec is the OpenAPI 3.0.3 document of the contract (openapi.yaml), as
// embedded at build time. Treat it as read-only. It is parsed and validated
// only in tests (api/apitest.LoadSpec), so the shipped binaries do not link
// an OpenAPI library.
//
//go:embed openapi.yaml
var Spec []byte
