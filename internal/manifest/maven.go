package manifest

import (
	"slices"
)

// pomIgnoredAncestors are the POM elements whose <dependencies> do not add
// dependencies to the project: version management and build plugins.
var pomIgnoredAncestors = []string{"dependencyManagement", "plugins", "plugin", "pluginManagement", "extensions", "reporting"}

// parsePom parses a Maven pom.xml: the project's <dependencies> (also those of
// profiles; not those of <dependencyManagement> or plugins), with test scope
// as Dev; <licenses>, <organization> and <developers>; and the project
// <artifactId> as Name. Property references such as ${x.version} are kept as
// written.
func parsePom(b *builder, data []byte) error {
	project, err := parseXML(b, data)
	if err != nil {
		return err
	}
	if project.name != "project" {
		return nil
	}
	b.setName(project.childText("artifactId"))
	// A module without its own groupId inherits its parent's.
	b.file.Namespace = clean(firstNonEmpty(project.childText("groupId"), project.child("parent").childText("groupId")))
	if licenses := project.child("licenses"); licenses != nil {
		for _, l := range licenses.children {
			if name := l.child("name"); l.name == "license" && name != nil {
				b.addLicense(name.value(), name.line)
			}
		}
	}
	b.addAuthor(project.child("organization").childText("name"))
	if developers := project.child("developers"); developers != nil {
		for _, d := range developers.children {
			if d.name == "developer" {
				b.addAuthor(d.childText("name"))
			}
		}
	}
	project.walk(func(el *xmlElement, ancestors []string) {
		if el.name != "dependency" || len(ancestors) == 0 || ancestors[len(ancestors)-1] != "dependencies" {
			return
		}
		for _, a := range ancestors {
			if slices.Contains(pomIgnoredAncestors, a) {
				return
			}
		}
		name := el.childText("artifactId")
		if name == "" {
			return
		}
		if group := el.childText("groupId"); group != "" {
			name = group + ":" + name
		}
		b.addDep(Dep{
			Name:    name,
			Version: el.childText("version"),
			Line:    el.line,
			Dev:     el.childText("scope") == "test",
		})
	})
	return nil
}
