#!/usr/bin/env python
from setuptools import find_packages, setup

with open("README.md") as f:
    long_description = f.read()

setup(
    name="acme-legacy",
    version="0.3.1",
    author="ACME Foundation",
    license="GPL-3.0-or-later",
    packages=find_packages(exclude=["tests"]),
    install_requires=[
        "six>=1.16",
        'requests',  # HTTP
        "lxml==4.9.3",
    ],
    extras_require={
        "dev": ["pytest", "flake8>=6"],
    },
    classifiers=[
        "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
    ],
)
