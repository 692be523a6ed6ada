"""Where a home keeps its platform identity (under ``home.device_dir``). No imports: the
window's start looks for them before anything else is loaded."""

IDENTITY_FILE = "platform.json"  # the public facts: platform, device id, hall, window
KEY_FILE = "platform_key.pem"  # the Ed25519 private key, never sent anywhere
# The key an enrolment under way states, kept until the enrolment is saved.
ENROLMENT_KEY_FILE = "enrolment_key.pem"
