package dpga

import "github.com/dpgcheck/dpgcheck/internal/jsonline"

// This file reads the answers to indicators 3 to 9 of the DPG Standard, in
// their screening (objects of questions) and portal (flatter, free text)
// spellings. Where both spellings are present, the screening answer is kept
// and the portal one fills only what is still empty.

// setIfEmpty sets *dst to s unless *dst already has a value.
func setIfEmpty(dst *string, s string) {
	if *dst == "" {
		*dst = s
	}
}

// readOwnership reads indicator 3: the screening clearOwnership object or
// the portal clearOwnership[{clearOwnershipName, clearOwnershipURL}].
func readOwnership(a *Application, n *jsonline.Value) {
	if n.Is(jsonline.Object) {
		a.OwnershipExplicit = text(n.Get("isOwnershipExplicit"))
		a.CopyrightURL = text(n.Get("copyrightURL"))
		return
	}
	for _, entry := range listOf(n) {
		if !entry.Is(jsonline.Object) {
			continue
		}
		name := text(entry.Get("clearOwnershipName"))
		url := rawText(entry.Get("clearOwnershipURL"))
		if url != "" {
			setIfEmpty(&a.CopyrightURL, firstURL(url))
		}
		if name != "" {
			a.Owners = appendCapped(a.Owners, Org{Name: name, Type: "owner", Line: entry.Line})
		}
	}
}

// readPlatformIndependence reads indicator 4.
func readPlatformIndependence(a *Application, n *jsonline.Value) {
	if !n.Is(jsonline.Object) {
		return
	}
	a.MandatoryDepsRestrict = text(n.Get("mandatoryDepsCreateMoreRestrictions"))
	a.PlatformIndependent = firstText(n, "isSoftwarePltIndependent", "isPlatformIndependent")
	a.OpenAlternatives = appendNew(a.OpenAlternatives, texts(n.Get("openAlternatives"))...)
	a.OpenAlternatives = appendNew(a.OpenAlternatives, text(leaf(n.Get("pltIndependenceDesc"))))
}

// readDocumentation reads indicator 5: the screening documentation object
// (documentationURL is a list, sometimes a single string), or the portal's
// free text, from which the URLs are taken.
func readDocumentation(a *Application, n *jsonline.Value) {
	if n.Is(jsonline.Object) {
		for _, s := range texts(n.Get("documentationURL")) {
			if found := urls(s); len(found) > 0 {
				a.DocumentationURLs = appendNew(a.DocumentationURLs, found...)
			} else {
				a.DocumentationURLs = appendNew(a.DocumentationURLs, s)
			}
		}
		return
	}
	a.DocumentationURLs = appendNew(a.DocumentationURLs, urls(rawText(n))...)
}

// readNonPII reads indicator 6.
func readNonPII(a *Application, n *jsonline.Value) {
	if !n.Is(jsonline.Object) {
		return
	}
	a.CollectsNonPII = text(n.Get("collectsNonPII"))
	a.NonPIIAccess = firstText(n, "nonPIIAccessMechanism", "checkNonPIIAccessMechanism")
}

// readPrivacy reads indicator 7: the screening privacy object or the portal
// privacy[{privacyCompliance, privacyComplianceURL}].
func readPrivacy(a *Application, n *jsonline.Value) {
	if n.Is(jsonline.Object) {
		a.PrivacyCompliant = text(n.Get("isPrivacyCompliant"))
		a.PrivacyLaws = appendNew(a.PrivacyLaws, texts(n.Get("privacyComplianceList"))...)
		for _, step := range listOf(n.Get("adherenceSteps")) {
			a.PrivacyURLs = appendNew(a.PrivacyURLs, urls(rawText(leaf(step)))...)
		}
		return
	}
	for _, entry := range listOf(n) {
		if !entry.Is(jsonline.Object) {
			continue
		}
		a.PrivacyLaws = appendNew(a.PrivacyLaws, text(entry.Get("privacyCompliance")))
		a.PrivacyURLs = appendNew(a.PrivacyURLs, urls(rawText(entry.Get("privacyComplianceURL")))...)
	}
}

// readStandards reads indicator 8: the screening standards object, or the
// portal openStandards and bestPractices lists.
func readStandards(a *Application, root *jsonline.Value) {
	if s := root.Get("standards"); s.Is(jsonline.Object) {
		a.Standards = appendNew(a.Standards, texts(s.Get("standardsList"))...)
		a.BestPractices = appendNew(a.BestPractices, texts(s.Get("bestPracticesList"))...)
	}
	a.Standards = appendNew(a.Standards, texts(root.Get("openStandards"))...)
	a.BestPractices = appendNew(a.BestPractices, texts(root.Get("bestPractices"))...)
}

// readDoNoHarm reads indicator 9: the screening doNoHarm object, then the
// portal's top-level dataPrivacySecurity, userContent and
// protectionFromHarassment objects.
func readDoNoHarm(a *Application, root *jsonline.Value) {
	if harm := root.Get("doNoHarm"); harm.Is(jsonline.Object) {
		a.CollectsPII = text(harm.Get("dataPrivacySecurity").Get("collectsPII"))
		content := harm.Get("inappropriateIllegalContent")
		a.ContentCollected = text(content.Get("collectStoreDistribute"))
		a.ContentPolicy = firstText(content, "policyGuidelinesDocumentationLink", "illegalContentDetectionMechanism")
		harassment := harm.Get("protectionFromHarassment")
		a.UserInteraction = text(harassment.Get("userInteraction"))
		a.HarassmentPolicy = text(harassment.Get("harassmentProtectionSteps"))
	}
	setIfEmpty(&a.CollectsPII, text(root.Get("dataPrivacySecurity").Get("collectsPII")))
	content := root.Get("userContent")
	setIfEmpty(&a.ContentCollected, text(content.Get("contentManagement")))
	setIfEmpty(&a.ContentPolicy, text(content.Get("contentManagementPolicy")))
	harassment := root.Get("protectionFromHarassment")
	setIfEmpty(&a.UserInteraction, text(harassment.Get("facilitatesUserInteraction")))
	setIfEmpty(&a.HarassmentPolicy, text(harassment.Get("harassmentPolicy")))
}
