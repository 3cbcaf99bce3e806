"""Framework-free helpers of Lien."""
