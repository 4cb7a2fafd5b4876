from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wijken.models import Wijk


@login_required
def home(request):
    wijken = Wijk.objects.all()
    eigen = set(request.user.wijken.values_list("pk", flat=True))
    return render(request, "home.html", {"wijken": wijken, "eigen": eigen})
