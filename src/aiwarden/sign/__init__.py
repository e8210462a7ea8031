"""Sign and verify model directories in the OpenSSF Model Signing (OMS) v1.0 format.

``sign_model`` writes a files-mode OMS bundle (``model.sig`` by default); ``verify_model`` returns the
verified manifest or raises ``VerificationError`` saying precisely what is wrong.
"""

from aiwarden.sign.errors import VerificationError
from aiwarden.sign.signer import sign_model
from aiwarden.sign.verifier import VerifiedModel, verify_model

__all__ = ["VerificationError", "VerifiedModel", "sign_model", "verify_model"]
