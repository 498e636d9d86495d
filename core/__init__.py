"""yiwang core: the shared service-guide and application layer every channel calls.

Never imports reflex, fastapi/starlette, cv2 or pyzbar (checked by import-linter).
"""
