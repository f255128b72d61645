"""Reference lists of the portal: communes, Caribbean partners, themes, SDGs, languages."""
