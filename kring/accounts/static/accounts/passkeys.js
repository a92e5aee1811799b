// After a passkey was added (django-otp-webauthn's script says so with an event), show the
// page again: the list then holds the new passkey, with the message that it worked.
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
