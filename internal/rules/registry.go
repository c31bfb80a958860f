package rules

// all is every rule, sorted by criterion id. It must list exactly the
// criteria of the catalogue (TestRegistryMatchesCatalog).
var all = []Rule{
	{ID: "dpg-1", Check: sdgRelevance},
	{ID: "dpg-2", Check: openLicence},
	{ID: "dpg-3", Check: clearOwnership},
	{ID: "dpg-4", Check: platformIndependence},
	{ID: "dpg-5", Check: documentation},
	{ID: "dpg-6", Check: dataExtraction},
	{ID: "dpg-7", Check: privacyAndLaws},
	{ID: "dpg-8", Check: standardsAndPractices},
	{ID: "dpg-9a", Check: dataPrivacySecurity},
	{ID: "dpg-9b", Check: harmfulContent},
	{ID: "dpg-9c", Check: harassment},
}

func lookup(id string) (Rule, bool) {
	for _, r := range all {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// IDs returns the ids of every rule, in registry order.
func IDs() []string {
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.ID
	}
	return out
}
