package store

// SetBulkActive sets the threshold of loadActive's single-scan path and
// returns a function restoring it.
func SetBulkActive(n int) (restore func()) {
	old := bulkActive
	bulkActive = n
	return func() { bulkActive = old }
}
