package api

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// Spec is the OpenAPI 3.0.3 document of the contract (openapi.yaml), as
// embedded at build time. Treat it as read-only.
//
//go:embed openapi.yaml
var Spec []byte

// LoadSpec parses Spec and validates it as an OpenAPI document. Every call
// returns a fresh *openapi3.T, so callers may modify theirs.
func LoadSpec() (*openapi3.T, error) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(Spec)
	if err != nil {
		return nil, fmt.Errorf("api: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("api: validate openapi.yaml: %w", err)
	}
	return doc, nil
}
