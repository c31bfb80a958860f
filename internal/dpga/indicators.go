package dpga

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
func readOwnership(a *Application, n *node) {
	if n.is(objectKind) {
		a.OwnershipExplicit = text(n.get("isOwnershipExplicit"))
		a.CopyrightURL = text(n.get("copyrightURL"))
		return
	}
	for _, entry := range listOf(n) {
		if !entry.is(objectKind) {
			continue
		}
		name := text(entry.get("clearOwnershipName"))
		url := rawText(entry.get("clearOwnershipURL"))
		if url != "" {
			setIfEmpty(&a.CopyrightURL, firstURL(url))
		}
		if name != "" {
			a.Owners = appendCapped(a.Owners, Org{Name: name, Type: "owner", Line: entry.line})
		}
	}
}

// readPlatformIndependence reads indicator 4.
func readPlatformIndependence(a *Application, n *node) {
	if !n.is(objectKind) {
		return
	}
	a.MandatoryDepsRestrict = text(n.get("mandatoryDepsCreateMoreRestrictions"))
	a.PlatformIndependent = firstText(n, "isSoftwarePltIndependent", "isPlatformIndependent")
	a.OpenAlternatives = appendNew(a.OpenAlternatives, texts(n.get("openAlternatives"))...)
	a.OpenAlternatives = appendNew(a.OpenAlternatives, text(leaf(n.get("pltIndependenceDesc"))))
}

// readDocumentation reads indicator 5: the screening documentation object
// (documentationURL is a list, sometimes a single string), or the portal's
// free text, from which the URLs are taken.
func readDocumentation(a *Application, n *node) {
	if n.is(objectKind) {
		for _, s := range texts(n.get("documentationURL")) {
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
func readNonPII(a *Application, n *node) {
	if !n.is(objectKind) {
		return
	}
	a.CollectsNonPII = text(n.get("collectsNonPII"))
	a.NonPIIAccess = firstText(n, "nonPIIAccessMechanism", "checkNonPIIAccessMechanism")
}

// readPrivacy reads indicator 7: the screening privacy object or the portal
// privacy[{privacyCompliance, privacyComplianceURL}].
func readPrivacy(a *Application, n *node) {
	if n.is(objectKind) {
		a.PrivacyCompliant = text(n.get("isPrivacyCompliant"))
		a.PrivacyLaws = appendNew(a.PrivacyLaws, texts(n.get("privacyComplianceList"))...)
		for _, step := range listOf(n.get("adherenceSteps")) {
			a.PrivacyURLs = appendNew(a.PrivacyURLs, urls(rawText(leaf(step)))...)
		}
		return
	}
	for _, entry := range listOf(n) {
		if !entry.is(objectKind) {
			continue
		}
		a.PrivacyLaws = appendNew(a.PrivacyLaws, text(entry.get("privacyCompliance")))
		a.PrivacyURLs = appendNew(a.PrivacyURLs, urls(rawText(entry.get("privacyComplianceURL")))...)
	}
}

// readStandards reads indicator 8: the screening standards object, or the
// portal openStandards and bestPractices lists.
func readStandards(a *Application, root *node) {
	if s := root.get("standards"); s.is(objectKind) {
		a.Standards = appendNew(a.Standards, texts(s.get("standardsList"))...)
		a.BestPractices = appendNew(a.BestPractices, texts(s.get("bestPracticesList"))...)
	}
	a.Standards = appendNew(a.Standards, texts(root.get("openStandards"))...)
	a.BestPractices = appendNew(a.BestPractices, texts(root.get("bestPractices"))...)
}

// readDoNoHarm reads indicator 9: the screening doNoHarm object, then the
// portal's top-level dataPrivacySecurity, userContent and
// protectionFromHarassment objects.
func readDoNoHarm(a *Application, root *node) {
	if harm := root.get("doNoHarm"); harm.is(objectKind) {
		a.CollectsPII = text(harm.get("dataPrivacySecurity").get("collectsPII"))
		content := harm.get("inappropriateIllegalContent")
		a.ContentCollected = text(content.get("collectStoreDistribute"))
		a.ContentPolicy = firstText(content, "policyGuidelinesDocumentationLink", "illegalContentDetectionMechanism")
		harassment := harm.get("protectionFromHarassment")
		a.UserInteraction = text(harassment.get("userInteraction"))
		a.HarassmentPolicy = text(harassment.get("harassmentProtectionSteps"))
	}
	setIfEmpty(&a.CollectsPII, text(root.get("dataPrivacySecurity").get("collectsPII")))
	content := root.get("userContent")
	setIfEmpty(&a.ContentCollected, text(content.get("contentManagement")))
	setIfEmpty(&a.ContentPolicy, text(content.get("contentManagementPolicy")))
	harassment := root.get("protectionFromHarassment")
	setIfEmpty(&a.UserInteraction, text(harassment.get("facilitatesUserInteraction")))
	setIfEmpty(&a.HarassmentPolicy, text(harassment.get("harassmentPolicy")))
}
