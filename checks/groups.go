package checks

// firstSeen holds groups by key and lists them in the order their keys were
// first met, so findings come out in page order whatever the map does.
type firstSeen[K comparable, G any] struct {
	byKey map[K]*G
	order []*G
}

// get returns k's group, made by mk the first time k is met.
func (f *firstSeen[K, G]) get(k K, mk func() *G) *G {
	if g := f.byKey[k]; g != nil {
		return g
	}
	if f.byKey == nil {
		f.byKey = map[K]*G{}
	}
	g := mk()
	f.byKey[k] = g
	f.order = append(f.order, g)
	return g
}
