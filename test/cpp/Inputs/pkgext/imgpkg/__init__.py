"""A package that ships a pybind11 extension, `imgpkg._native`."""
