"""Kiosk devices: camera QR pipeline, ID card reader, printer. The only package that imports cv2/pyzbar."""
