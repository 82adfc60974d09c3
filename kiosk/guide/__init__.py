"""The guided journey: the steps a citizen takes on the portal, as data, and the guide that follows them."""
