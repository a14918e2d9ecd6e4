// GA4 module.
