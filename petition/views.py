from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from petition.counts import petition_counts
from petition.models import FeaturedSignatory, Petition, Signature


def _petition(slug):
    if slug:
        return get_object_or_404(Petition, slug=slug)
    petition = Petition.objects.current()
    if petition is None:
        raise Http404("No petition yet")
    return petition


def sign(request, slug=None):
    petition = _petition(slug)
    context = {"petition": petition, "counts": petition_counts(petition)}
    return render(request, "petition/sign.html", context)


def wall(request):
    petition = _petition(None)
    context = {
        "petition": petition,
        "counts": petition_counts(petition),
        "featured": FeaturedSignatory.objects.visible().filter(petition=petition),
        "signatures": Signature.objects.on_wall()
        .filter(petition=petition)
        .order_by("-confirmed_at", "-id")[:50],
    }
    return render(request, "petition/wall.html", context)


def petition_json(request, slug=None):
    petition = _petition(slug)
    counts = petition_counts(petition)
    response = JsonResponse(
        {
            "slug": petition.slug,
            "signatures": counts.total,
            "goal": petition.goal,
            "by_country": counts.by_country,
            "updated": counts.updated.isoformat() if counts.updated else None,
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
