defmodule AcmeRegistry.MixProject do
  use Mix.Project

  def project do
    [
      app: :acme_registry,
      version: "0.3.0",
      elixir: "~> 1.15",
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      package: package()
    ]
  end

  defp package do
    [
      licenses: ["Apache-2.0"],
      links: %{"GitHub" => "https://github.com/acme/registry"}
    ]
  end

  # Run "mix help deps" to learn about dependencies.
  defp deps do
    [
      {:phoenix, "~> 1.7.10"},
      {:ecto_sql, "~> 3.11"},
      # {:commented, "~> 1.0"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:ex_doc, ">= 0.0.0", only: :dev, runtime: false},
      {:telemetry, "~> 1.2", only: [:dev, :prod]},
      {:acme_auth, git: "https://github.com/acme/acme_auth.git", tag: "v0.2.0"},
      {:jason,
       "~> 1.4",
       optional: true}
    ]
  end
end
