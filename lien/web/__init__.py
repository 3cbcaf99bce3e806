"""Web helpers shared by the apps' views (requests, forms, small pages): no domain here, only
Django. Domain apps import it; it imports none of them."""
