"""The default wording of the letters: one template per kind (``<kind>.txt``) and the conclusions."""
