// The messages of django-otp-webauthn's scripts, in French (the package has no French catalogue),
// and the page to open once a passkey is registered. Loaded before the package's module script.
(function () {
  "use strict";
  var french = {
    "An error occurred during registration.": "Une erreur est survenue pendant l'enregistrement.",
    "An error occurred during verification.": "Une erreur est survenue pendant la vérification.",
    "Finishing registration...": "Fin de l'enregistrement…",
    "Finishing verification...": "Fin de la vérification…",
    "Register a Passkey": "Enregistrer une clé d'accès",
    "Registering...": "Enregistrement…",
    "Registration aborted or not allowed.": "Enregistrement interrompu ou refusé.",
    "Registration aborted.": "Enregistrement interrompu.",
    "Registration failed. A server error occurred.": "Échec de l'enregistrement : erreur du serveur.",
    "Registration failed. A technical problem occurred that prevents you from registering a Passkey for this site.":
      "Échec de l'enregistrement : un problème technique empêche d'enregistrer une clé d'accès pour ce site.",
    "Registration failed. An unknown error occurred.": "Échec de l'enregistrement : erreur inconnue.",
    "Registration failed. The server was unable to verify this passkey.":
      "Échec de l'enregistrement : le serveur n'a pas pu vérifier cette clé d'accès.",
    "Registration failed. Unable to fetch registration options from server.":
      "Échec de l'enregistrement : le serveur n'a pas répondu.",
    "Registration failed. You most likely already have a Passkey registered for this site.":
      "Échec de l'enregistrement : cette clé d'accès est sans doute déjà enregistrée.",
    "Registration successful!": "Clé d'accès enregistrée.",
    "Verification aborted.": "Vérification interrompue.",
    "Verification canceled or not allowed.": "Vérification annulée ou refusée.",
    "Verification failed. A server error occurred.": "Échec de la vérification : erreur du serveur.",
    "Verification failed. An unknown error occurred.": "Échec de la vérification : erreur inconnue.",
    "Verification failed. An unknown server error occurred.": "Échec de la vérification : erreur du serveur.",
    "Verification failed. Could not retrieve parameters from the server.":
      "Échec de la vérification : le serveur n'a pas répondu.",
    "Verification successful!": "Vérification réussie.",
    "Verify with Passkey": "Utiliser ma clé d'accès",
    "Verifying...": "Vérification…",
  };
  var english = document.documentElement.lang === "en";
  window.gettext = function (text) {
    return english ? text : french[text] || text;
  };
  document.addEventListener("otp_webauthn.register_complete", function (event) {
    var next = event.target && event.target.getAttribute("data-next");
    window.location.href = next || "/";
  });
})();
