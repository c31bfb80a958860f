# frozen_string_literal: true

require_relative "lib/acme_geo/version"

Gem::Specification.new do |spec|
  spec.name = "acme_geo"
  spec.version = AcmeGeo::VERSION
  spec.authors = ["Jane Doe", "John Roe"]
  spec.email = ["jane@example.org"]
  spec.summary = "Geospatial helpers"
  spec.license = "MIT"
  spec.required_ruby_version = ">= 3.0.0"

  spec.add_dependency "rgeo", "~> 3.0"
  spec.add_runtime_dependency(%q<activesupport>.freeze, [">= 6.0", "< 8"])
  spec.add_development_dependency "rake", "~> 13.0"
  spec.add_development_dependency 'rspec'
end
