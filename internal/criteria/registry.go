package criteria

// RegistryDrift is the Family of the criterion that compares the repository
// with its DPGA registry record; package rules decides it.
const RegistryDrift = "registry-drift"

// RegistryStandard is the id of the standard and of the criterion added for
// one run by --registry.
const RegistryStandard = "dpg-registry"

// DPGRegistry returns the standard and criterion of drift from the DPGA
// registry: the repository still matches what the DPGA certified. source is
// where the record was read from (a path or a URL without credentials) and
// name the project's name in the record.
func DPGRegistry(source, name string) (Standard, Criterion) {
	s := Standard{ID: RegistryStandard, Name: "DPGA registry", Version: "record",
		URL: "https://www.digitalpublicgoods.net/registry"}
	what := "the DPGA registry record (" + source + ")"
	if name != "" {
		what = "the DPGA registry record of " + name + " (" + source + ")"
	}
	c := Criterion{
		ID: RegistryStandard, Label: "registry", Level: Required, Automation: Partial, Family: RegistryDrift,
		Title: "Still matches what the DPGA certified",
		Requirement: "A certified digital public good keeps the licence, the repository and the SDGs that " + what +
			" certified, and renews its status every year: the DPGA reviews a renewal against the same record, and a licence " +
			"that is no longer open ends the certification.",
		Remediation: "Bring the repository and the registry record back in step: restore the certified licence or tell the DPGA " +
			"about the change (update the record through app.digitalpublicgoods.net), and renew before the status expires.",
		Policy: Policy{
			Fails: "the repository's licence is no longer one the record certified and is not an approved open licence for the " +
				"project type (Apache-2.0 certified, BUSL-1.1 now).",
			Review: "the licence changed to another open licence, a certified licence is no longer stated, the repository is not " +
				"one the record lists (it moved or was renamed), an SDG the record certifies is no longer stated where the " +
				"project states SDGs, the record's renewal date has passed or its stage is archive.",
			Passes: "the licence, the repository and the stated SDGs agree with the record, and any renewal date is ahead. " +
				"Additions (a second licence, a new SDG) are noted, not held against the project.",
		},
		Docs: "https://github.com/DPGAlliance/publicgoods-candidates/blob/main/nominee-schema.json",
	}
	return s, c
}
